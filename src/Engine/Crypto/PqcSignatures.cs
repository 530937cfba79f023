using E2eeConformance.Engine.Ports;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace E2eeConformance.Engine.Crypto;

/// <summary>The hedged sign / never-throwing verify steps shared by the BouncyCastle ML-DSA and SLH-DSA schemes.</summary>
internal static class PqcSignatures
{
    /// <summary>Signs with a decoded private key; the hedge randomness comes from <paramref name="random"/>.</summary>
    public static byte[] Sign(ISigner signer, ICipherParameters privateKey, ReadOnlySpan<byte> message, IRandomSource random)
    {
        signer.Init(forSigning: true, new ParametersWithRandom(privateKey, new RandomSourceAdapter(random)));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    /// <summary>Verifies; the caller has checked the lengths.</summary>
    public static bool Verify(ISigner verifier, ICipherParameters publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        verifier.Init(forSigning: false, publicKey);
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature.ToArray());
    }
}

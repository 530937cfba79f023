using System.Security.Cryptography;
using E2eeConformance.Engine.Ports;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace E2eeConformance.Engine.Crypto;

/// <summary>The hedged sign / never-throwing verify steps shared by the BouncyCastle ML-DSA and SLH-DSA schemes.</summary>
internal static class PqcSignatures
{
    /// <summary>Signs with a private key decoded from <paramref name="privateKey"/>; the hedge randomness comes from <paramref name="random"/>.</summary>
    public static byte[] Sign(ISigner signer, Func<byte[], ICipherParameters> decodePrivate, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, IRandomSource random)
    {
        byte[] encoding = privateKey.ToArray();
        try
        {
            signer.Init(forSigning: true, new ParametersWithRandom(decodePrivate(encoding), new RandomSourceAdapter(random)));
            signer.BlockUpdate(message);
            return signer.GenerateSignature();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoding);
        }
    }

    /// <summary>Verifies; the caller has checked the lengths.</summary>
    public static bool Verify(ISigner verifier, ICipherParameters publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        verifier.Init(forSigning: false, publicKey);
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature.ToArray());
    }
}

using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// ML-DSA verification with an empty context (FIPS 204 Alg. 3 <c>ML-DSA.Verify</c>: M′ = 0x00 ‖ 0x00 ‖ M, then Alg. 8
/// <c>ML-DSA.Verify_internal</c>) on a key decoded once (<see cref="MlDsaVerifyingKey"/>). It accepts exactly what
/// BouncyCastle's <c>MLDsaSigner</c> accepts (differential tests): the signature's length, a well-formed hint (Alg. 21),
/// ‖z‖∞ &lt; γ1 − β and c̃ equal to H(μ ‖ w1Encode(w1′), λ/4).
/// </summary>
internal static class MlDsaVerifier
{
    private const int N = MlDsaParameterSet.N;

    /// <summary>Whether <paramref name="signature"/> is a valid signature of <paramref name="message"/> under <paramref name="key"/>; never throws for bad input.</summary>
    public static bool Verify(MlDsaVerifyingKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        MlDsaParameterSet set = key.Set;
        if (signature.Length != set.SignatureLength)
        {
            return false;
        }

        ReadOnlySpan<byte> cTilde = signature[..set.CTildeLength];
        ReadOnlySpan<byte> packedZ = signature.Slice(set.CTildeLength, set.L * set.ZPolyBytes);
        ReadOnlySpan<byte> packedHints = signature[(set.CTildeLength + (set.L * set.ZPolyBytes))..];

        Span<byte> hints = stackalloc byte[set.K * N];
        if (!MlDsaEncoding.UnpackHints(packedHints, set, hints))
        {
            return false;
        }

        Span<int> z = stackalloc int[set.L * N];
        int bound = set.Gamma1 - set.Beta;
        for (int j = 0; j < set.L; j++)
        {
            Span<int> zj = z.Slice(j * N, N);
            MlDsaEncoding.UnpackZ(packedZ.Slice(j * set.ZPolyBytes, set.ZPolyBytes), set, zj);
            foreach (int coefficient in zj)
            {
                if (Math.Abs(coefficient) >= bound)
                {
                    return false;
                }
            }

            MlDsaNtt.Forward(zj);
        }

        Span<byte> mu = stackalloc byte[64];
        MlDsaSampling.MessageRepresentative(key.Tr, message, mu);

        Span<int> c = stackalloc int[N];
        MlDsaSampling.SampleInBall(cTilde, set.Tau, c);
        MlDsaNtt.Forward(c);

        Span<int> w = stackalloc int[N];
        Span<byte> w1Encoded = stackalloc byte[set.K * N * set.W1Bits / 8];
        for (int i = 0; i < set.K; i++)
        {
            w.Clear();
            for (int j = 0; j < set.L; j++)
            {
                MlDsaNtt.MultiplyAccumulate(key.Matrix.AsSpan(((i * set.L) + j) * N, N), z.Slice(j * N, N), w);
            }

            ReadOnlySpan<int> t1 = key.T1Ntt.AsSpan(i * N, N);
            for (int k = 0; k < N; k++)
            {
                w[k] = MlDsaNtt.Reduce32(w[k] - MlDsaNtt.MontgomeryReduce((long)c[k] * t1[k]));
            }

            MlDsaNtt.InverseToMontgomery(w);
            ReadOnlySpan<byte> rowHints = hints.Slice(i * N, N);
            for (int k = 0; k < N; k++)
            {
                w[k] = MlDsaRounding.UseHint(rowHints[k], MlDsaNtt.AddQIfNegative(w[k]), set.Gamma2);
            }

            int rowBytes = N * set.W1Bits / 8;
            BitPacking.Pack(w, set.W1Bits, w1Encoded.Slice(i * rowBytes, rowBytes));
        }

        Span<byte> expected = stackalloc byte[set.CTildeLength];
        using (var h = new Shake256())
        {
            h.AppendData(mu);
            h.AppendData(w1Encoded);
            h.GetHashAndReset(expected);
        }

        return CryptographicOperations.FixedTimeEquals(expected, cTilde);
    }
}

using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// ML-DSA signing with an empty context (FIPS 204 Alg. 2 <c>ML-DSA.Sign</c>, hedged: M′ = 0x00 ‖ 0x00 ‖ M and the
/// caller's 32 random bytes rnd, then Alg. 7 <c>ML-DSA.Sign_internal</c>) on a key decoded once
/// (<see cref="MlDsaSigningKey"/>), computed as the reference code computes it so that the signature is BouncyCastle's
/// byte for byte for the same rnd (differential tests).
/// </summary>
internal static class MlDsaSigner
{
    private const int N = MlDsaParameterSet.N;

    /// <summary>The most attempts of the rejection loop (each succeeds with probability about 1/4 for a genuine key).</summary>
    private const int MaxAttempts = 1000;

    /// <summary>The signature of <paramref name="message"/> with <paramref name="rnd"/> (32 bytes) as the hedging randomness.</summary>
    public static byte[] Sign(MlDsaSigningKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> rnd)
    {
        ArgumentNullException.ThrowIfNull(key);
        MlDsaParameterSet set = key.Set;
        int k = set.K, l = set.L;

        Span<byte> mu = stackalloc byte[64];
        MlDsaSampling.MessageRepresentative(key.Tr, message, mu);

        Span<byte> rhoPrime = stackalloc byte[64];
        using (var h = new Shake256())
        {
            h.AppendData(key.K);
            h.AppendData(rnd[..32]);
            h.AppendData(mu);
            h.GetHashAndReset(rhoPrime);
        }

        int[] y = new int[l * N];
        int[] yHat = new int[l * N];
        int[] w1 = new int[k * N];
        int[] w0 = new int[k * N];
        int[] z = new int[l * N];
        int[] product = new int[k * N];
        int[] hints = new int[k * N];
        Span<int> c = stackalloc int[N];
        byte[] w1Encoded = new byte[k * N * set.W1Bits / 8];
        byte[] cTilde = new byte[set.CTildeLength];
        try
        {
            for (int kappa = 0; ; kappa += l)
            {
                // A genuine key needs about four attempts (FIPS 204 §3.4 allows a bound); a thousand fail only for a
                // corrupted key, which then costs milliseconds, not seconds.
                if (kappa >= MaxAttempts * l)
                {
                    throw new CryptographicException($"ML-DSA signing found no signature in {MaxAttempts} attempts: the private key is not a valid {set.Name} key");
                }

                MlDsaSampling.ExpandMask(rhoPrime, kappa, set, y);
                y.CopyTo(yHat, 0);
                for (int j = 0; j < l; j++)
                {
                    MlDsaNtt.Forward(yHat.AsSpan(j * N, N));
                }

                // w = NTT⁻¹(Â ∘ NTT(y)), split into high (w1) and low (w0) parts.
                int rowBytes = N * set.W1Bits / 8;
                for (int i = 0; i < k; i++)
                {
                    Span<int> w = w1.AsSpan(i * N, N);
                    w.Clear();
                    for (int j = 0; j < l; j++)
                    {
                        MlDsaNtt.MultiplyAccumulate(key.Matrix.AsSpan(((i * l) + j) * N, N), yHat.AsSpan(j * N, N), w);
                    }

                    ReduceAll(w);
                    MlDsaNtt.InverseToMontgomery(w);
                    Span<int> low = w0.AsSpan(i * N, N);
                    for (int t = 0; t < N; t++)
                    {
                        w[t] = MlDsaRounding.Decompose(MlDsaNtt.AddQIfNegative(w[t]), set.Gamma2, out low[t]);
                    }

                    BitPacking.Pack(w, set.W1Bits, w1Encoded.AsSpan(i * rowBytes, rowBytes));
                }

                using (var h = new Shake256())
                {
                    h.AppendData(mu);
                    h.AppendData(w1Encoded);
                    h.GetHashAndReset(cTilde);
                }

                MlDsaSampling.SampleInBall(cTilde, set.Tau, c);
                MlDsaNtt.Forward(c);

                // z = y + c·s1, refused when it would reveal s1.
                Times(c, key.S1, l, z);
                if (!AddAndCheck(z, y, set.Gamma1 - set.Beta))
                {
                    continue;
                }

                // w0 − c·s2 must keep its low bits small.
                Times(c, key.S2, k, product);
                if (!SubtractAndCheck(w0, product, set.Gamma2 - set.Beta))
                {
                    continue;
                }

                // c·t0 must be small; the hints say where adding it changes w1's high bits.
                Times(c, key.T0, k, product);
                if (!IsSmall(product, set.Gamma2))
                {
                    continue;
                }

                int ones = 0;
                for (int t = 0; t < k * N; t++)
                {
                    int a0 = w0[t] + product[t];
                    hints[t] = a0 > set.Gamma2 || a0 < -set.Gamma2 || (a0 == -set.Gamma2 && w1[t] != 0) ? 1 : 0;
                    ones += hints[t];
                }

                if (ones > set.Omega)
                {
                    continue;
                }

                return Encode(set, cTilde, z, hints);
            }
        }
        finally
        {
            Array.Clear(y);
            Array.Clear(yHat);
            Array.Clear(z);
            Array.Clear(w0);
            Array.Clear(product);
            Array.Clear(w1);
            Array.Clear(hints);
            CryptographicOperations.ZeroMemory(cTilde);
            CryptographicOperations.ZeroMemory(w1Encoded);
            CryptographicOperations.ZeroMemory(rhoPrime);
        }
    }

    /// <summary>result = NTT⁻¹(ĉ ∘ v̂) for each of the <paramref name="count"/> polynomials of <paramref name="vector"/>, reduced.</summary>
    private static void Times(ReadOnlySpan<int> cHat, int[] vector, int count, int[] result)
    {
        for (int i = 0; i < count; i++)
        {
            Span<int> r = result.AsSpan(i * N, N);
            r.Clear();
            MlDsaNtt.MultiplyAccumulate(cHat, vector.AsSpan(i * N, N), r);
            MlDsaNtt.InverseToMontgomery(r);
            ReduceAll(r);
        }
    }

    /// <summary>z += y, reduced; false when a coefficient's magnitude reaches <paramref name="bound"/>.</summary>
    private static bool AddAndCheck(int[] z, int[] y, int bound)
    {
        for (int t = 0; t < z.Length; t++)
        {
            z[t] = MlDsaNtt.Reduce32(z[t] + y[t]);
        }

        return IsSmall(z, bound);
    }

    /// <summary>w0 −= product, reduced; false when a coefficient's magnitude reaches <paramref name="bound"/>.</summary>
    private static bool SubtractAndCheck(int[] w0, int[] product, int bound)
    {
        for (int t = 0; t < w0.Length; t++)
        {
            w0[t] = MlDsaNtt.Reduce32(w0[t] - product[t]);
        }

        return IsSmall(w0, bound);
    }

    private static bool IsSmall(int[] values, int bound)
    {
        foreach (int value in values)
        {
            // |value| without a branch on its sign (the values are secret: z of a rejected attempt, w0 − c·s2).
            int sign = value >> 31;
            if ((value ^ sign) - sign >= bound)
            {
                return false;
            }
        }

        return true;
    }

    private static void ReduceAll(Span<int> values)
    {
        for (int t = 0; t < values.Length; t++)
        {
            values[t] = MlDsaNtt.Reduce32(values[t]);
        }
    }

    /// <summary>sigEncode (Alg. 26): c̃ ‖ BitPack(z, γ1 − 1, γ1) ‖ HintBitPack(h).</summary>
    private static byte[] Encode(MlDsaParameterSet set, byte[] cTilde, int[] z, int[] hints)
    {
        byte[] signature = new byte[set.SignatureLength];
        cTilde.CopyTo(signature, 0);
        Span<int> packed = stackalloc int[N];
        for (int j = 0; j < set.L; j++)
        {
            for (int t = 0; t < N; t++)
            {
                packed[t] = set.Gamma1 - z[(j * N) + t];
            }

            BitPacking.Pack(packed, set.Gamma1Bits + 1, signature.AsSpan(set.CTildeLength + (j * set.ZPolyBytes), set.ZPolyBytes));
        }

        int hintStart = set.CTildeLength + (set.L * set.ZPolyBytes);
        int index = 0;
        for (int i = 0; i < set.K; i++)
        {
            for (int t = 0; t < N; t++)
            {
                if (hints[(i * N) + t] != 0)
                {
                    signature[hintStart + index++] = (byte)t;
                }
            }

            signature[hintStart + set.Omega + i] = (byte)index;
        }

        return signature;
    }
}

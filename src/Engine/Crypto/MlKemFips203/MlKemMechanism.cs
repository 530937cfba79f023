using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.MlKemFips203;

/// <summary>
/// ML-KEM's internal algorithms (FIPS 203 §5–6) on decoded keys: K-PKE.KeyGen / Encrypt / Decrypt (Alg. 13–15) and
/// ML-KEM.KeyGen_internal / Encaps_internal / Decaps_internal (Alg. 16–18). The randomness (d, z, m) is the caller's;
/// the outputs are byte for byte those of BouncyCastle and the reference code (differential tests).
/// </summary>
internal static class MlKemMechanism
{
    private const int N = MlKemParameterSet.N;
    private const int Q = MlKemParameterSet.Q;

    /// <summary>ML-KEM.KeyGen_internal(d, z) (Alg. 16 with Alg. 13): ek and dk = dk_PKE ‖ ek ‖ H(ek) ‖ z.</summary>
    public static (byte[] EncapsulationKey, byte[] DecapsulationKey) GenerateKeyPair(MlKemParameterSet set, ReadOnlySpan<byte> d, ReadOnlySpan<byte> z)
    {
        int k = set.K;
        Span<byte> seed = stackalloc byte[33];
        d[..32].CopyTo(seed);
        seed[32] = (byte)k;
        Span<byte> rhoSigma = stackalloc byte[64];
        SHA3_512.HashData(seed, rhoSigma);
        ReadOnlySpan<byte> rho = rhoSigma[..32];
        ReadOnlySpan<byte> sigma = rhoSigma[32..];

        // On the stack (at most 14 KB for k = 4): a key pair is made for every one-time pre-key published, and these
        // arrays were a quarter of all the catalog's allocation (issue 17).
        Span<short> matrix = stackalloc short[k * k * N];
        MlKemSampling.ExpandMatrix(rho, k, transposed: false, matrix);
        Span<short> noise = stackalloc short[2 * k * N]; // s with nonces 0 … k − 1, then e with k … 2k − 1, all η1
        MlKemSampling.NoiseVector(sigma, 0, set.Eta1, 2 * k, noise);
        Span<short> s = noise[..(k * N)];
        Span<short> e = noise[(k * N)..];
        for (int i = 0; i < k; i++)
        {
            MlKemNtt.Forward(s.Slice(i * N, N));
            MlKemNtt.Forward(e.Slice(i * N, N));
        }

        Span<short> t = stackalloc short[k * N];
        t.Clear();
        for (int i = 0; i < k; i++)
        {
            Span<short> ti = t.Slice(i * N, N);
            for (int j = 0; j < k; j++)
            {
                MlKemNtt.MultiplyAccumulate(matrix.Slice(((i * k) + j) * N, N), s.Slice(j * N, N), ti);
            }

            MlKemNtt.Reduce(ti);
            MlKemNtt.ToMontgomery(ti);
            ReadOnlySpan<short> ei = e.Slice(i * N, N);
            for (int c = 0; c < N; c++)
            {
                ti[c] = MlKemNtt.BarrettReduce(ti[c] + ei[c]);
            }
        }

        int pkeLength = k * MlKemParameterSet.PolyBytes;
        byte[] ek = new byte[set.EncapsulationKeyLength];
        MlKemEncoding.Encode12(t, ek);
        rho.CopyTo(ek.AsSpan(pkeLength));

        byte[] dk = new byte[set.DecapsulationKeyLength];
        MlKemEncoding.Encode12(s, dk);
        ek.CopyTo(dk.AsSpan(pkeLength));
        SHA3_256.HashData(ek, dk.AsSpan(pkeLength + ek.Length, 32));
        z[..32].CopyTo(dk.AsSpan(dk.Length - 32));

        noise.Clear(); // s and e
        CryptographicOperations.ZeroMemory(rhoSigma);
        CryptographicOperations.ZeroMemory(seed);
        return (ek, dk);
    }

    /// <summary>ML-KEM.Encaps_internal(ek, m) (Alg. 17): (K, r) = G(m ‖ H(ek)), c = K-PKE.Encrypt(ek, m, r).</summary>
    public static void Encapsulate(MlKemEncapsulationKey key, ReadOnlySpan<byte> m, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        Span<byte> input = stackalloc byte[64];
        m[..32].CopyTo(input);
        key.Hash.CopyTo(input[32..]);
        Span<byte> kr = stackalloc byte[64];
        SHA3_512.HashData(input, kr);
        Encrypt(key, m, kr[32..], ciphertext);
        kr[..32].CopyTo(sharedSecret);
        CryptographicOperations.ZeroMemory(kr);
        CryptographicOperations.ZeroMemory(input);
    }

    /// <summary>
    /// ML-KEM.Decaps_internal(dk, c) (Alg. 18): m′ = K-PKE.Decrypt, (K′, r′) = G(m′ ‖ h), and K′ if re-encrypting m′
    /// with r′ gives c again, else the implicit-rejection secret J(z ‖ c). <paramref name="encapsulationKey"/> is the
    /// decoded form of the ek inside <paramref name="key"/>.
    /// </summary>
    public static void Decapsulate(MlKemDecapsulationKey key, MlKemEncapsulationKey encapsulationKey, ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        MlKemParameterSet set = key.Set;
        Span<byte> input = stackalloc byte[64];
        Decrypt(set, key.SHat, ciphertext, input[..32]);
        encapsulationKey.Hash.CopyTo(input[32..]);
        Span<byte> kr = stackalloc byte[64];
        SHA3_512.HashData(input, kr);

        Span<byte> again = stackalloc byte[set.CiphertextLength];
        Encrypt(encapsulationKey, input[..32], kr[32..], again);

        Span<byte> rejection = stackalloc byte[32];
        using (var j = new Shake256())
        {
            j.AppendData(key.Z);
            j.AppendData(ciphertext);
            j.GetHashAndReset(rejection);
        }

        bool equal = CryptographicOperations.FixedTimeEquals(again, ciphertext);
        // Constant-time choice between K′ and J(z ‖ c): the mask is all ones when the re-encryption matched, without a branch.
        int mask = -System.Runtime.CompilerServices.Unsafe.As<bool, byte>(ref equal) & 0xFF;
        for (int i = 0; i < 32; i++)
        {
            sharedSecret[i] = (byte)((kr[i] & mask) | (rejection[i] & ~mask & 0xFF));
        }

        CryptographicOperations.ZeroMemory(kr);
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(rejection);
        CryptographicOperations.ZeroMemory(again);
    }

    /// <summary>K-PKE.Encrypt(ek, m, r) (Alg. 14) into <paramref name="ciphertext"/>.</summary>
    private static void Encrypt(MlKemEncapsulationKey key, ReadOnlySpan<byte> m, ReadOnlySpan<byte> r, Span<byte> ciphertext)
    {
        MlKemParameterSet set = key.Set;
        int k = set.K;
        Span<short> y = stackalloc short[k * N];
        Span<short> errors = stackalloc short[(k + 1) * N]; // e1 with nonces k … 2k − 1, then e2 with 2k, all η2
        Span<short> e1 = errors[..(k * N)];
        Span<short> e2 = errors[(k * N)..];
        MlKemSampling.NoiseVector(r, 0, set.Eta1, k, y);
        MlKemSampling.NoiseVector(r, (byte)k, set.Eta2, k + 1, errors);
        for (int i = 0; i < k; i++)
        {
            MlKemNtt.Forward(y.Slice(i * N, N));
        }

        Span<short> u = stackalloc short[N];
        int uBytes = N * set.Du / 8;
        for (int i = 0; i < k; i++)
        {
            u.Clear();
            for (int j = 0; j < k; j++)
            {
                MlKemNtt.MultiplyAccumulate(key.TransposedMatrix.AsSpan(((i * k) + j) * N, N), y.Slice(j * N, N), u);
            }

            MlKemNtt.Reduce(u);
            MlKemNtt.InverseToMontgomery(u);
            ReadOnlySpan<short> e1i = e1.Slice(i * N, N);
            for (int c = 0; c < N; c++)
            {
                u[c] = MlKemNtt.BarrettReduce(u[c] + e1i[c]);
            }

            MlKemEncoding.CompressEncode(u, set.Du, ciphertext.Slice(i * uBytes, uBytes));
        }

        Span<short> v = stackalloc short[N];
        for (int j = 0; j < k; j++)
        {
            MlKemNtt.MultiplyAccumulate(key.THat.AsSpan(j * N, N), y.Slice(j * N, N), v);
        }

        MlKemNtt.Reduce(v);
        MlKemNtt.InverseToMontgomery(v);
        for (int c = 0; c < N; c++)
        {
            int bit = (m[c >> 3] >> (c & 7)) & 1;
            v[c] = MlKemNtt.BarrettReduce(v[c] + e2[c] + (-bit & ((Q + 1) / 2)));
        }

        MlKemEncoding.CompressEncode(v, set.Dv, ciphertext.Slice(k * uBytes, N * set.Dv / 8));
        y.Clear();
        e1.Clear();
        e2.Clear();
    }

    /// <summary>K-PKE.Decrypt(dk_PKE, c) (Alg. 15): the 32-byte message into <paramref name="m"/>.</summary>
    private static void Decrypt(MlKemParameterSet set, ReadOnlySpan<short> sHat, ReadOnlySpan<byte> ciphertext, Span<byte> m)
    {
        int k = set.K;
        int uBytes = N * set.Du / 8;
        Span<short> u = stackalloc short[N];
        Span<short> w = stackalloc short[N];
        for (int i = 0; i < k; i++)
        {
            MlKemEncoding.DecodeDecompress(ciphertext.Slice(i * uBytes, uBytes), set.Du, u);
            MlKemNtt.Forward(u);
            MlKemNtt.MultiplyAccumulate(sHat.Slice(i * N, N), u, w);
        }

        MlKemNtt.Reduce(w);
        MlKemNtt.InverseToMontgomery(w);
        Span<short> v = stackalloc short[N];
        MlKemEncoding.DecodeDecompress(ciphertext.Slice(k * uBytes, N * set.Dv / 8), set.Dv, v);
        m[..32].Clear();
        for (int c = 0; c < N; c++)
        {
            int x = MlKemEncoding.Canonical(MlKemNtt.BarrettReduce(v[c] - w[c]));
            int bit = MlKemEncoding.DivideByQ((uint)((x << 1) + ((Q - 1) / 2))) & 1;
            m[c >> 3] |= (byte)(bit << (c & 7));
        }

        w.Clear();
    }
}

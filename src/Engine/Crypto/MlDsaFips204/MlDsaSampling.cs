using System.Buffers.Binary;
using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.MlDsaFips204;

/// <summary>
/// The pseudorandom sampling verification needs (FIPS 204 §7.3): the matrix Â from ρ (Alg. 32 <c>ExpandA</c> with
/// Alg. 30 <c>RejNTTPoly</c>, SHAKE128) and the challenge c from c̃ (Alg. 29 <c>SampleInBall</c>, SHAKE256). SHAKE is
/// the platform's (.NET over OpenSSL); an extendable output is read as one long output, which begins with the shorter
/// ones, and asked again twice as long in the (improbable) case that the first length runs out.
/// </summary>
internal static class MlDsaSampling
{
    private const int Q = MlDsaParameterSet.Q;
    private const int N = MlDsaParameterSet.N;

    /// <summary>Five SHAKE128 blocks: 280 candidates for 256 coefficients, each rejected with probability about 1/1000.</summary>
    private const int RejectionBytes = 5 * 168;

    /// <summary>One SHAKE256 block: 128 draws after the 8 sign bytes, where SampleInBall needs τ ≤ 60 of them, each kept with probability ≥ 197/256.</summary>
    private const int Shake256BlockBytes = 136;

    /// <summary>Whether the platform has SHAKE128 and SHAKE256 (OpenSSL 1.1.1 or later).</summary>
    public static bool IsSupported => Shake128.IsSupported && Shake256.IsSupported;

    /// <summary>
    /// Â[r][s] = RejNTTPoly(ρ ‖ s ‖ r) for r &lt; k, s &lt; ℓ (Alg. 32), row-major into <paramref name="matrix"/>
    /// (k·ℓ·n coefficients in [0, q)).
    /// </summary>
    public static void ExpandA(ReadOnlySpan<byte> rho, MlDsaParameterSet set, Span<int> matrix)
    {
        Span<byte> seed = stackalloc byte[34];
        rho[..32].CopyTo(seed);
        for (int r = 0; r < set.K; r++)
        {
            for (int s = 0; s < set.L; s++)
            {
                seed[32] = (byte)s;
                seed[33] = (byte)r;
                RejectionSample(seed, matrix.Slice(((r * set.L) + s) * N, N));
            }
        }
    }

    /// <summary>RejNTTPoly (Alg. 30): coefficients from three bytes each (Alg. 14 <c>CoeffFromThreeBytes</c>), those ≥ q rejected.</summary>
    private static void RejectionSample(ReadOnlySpan<byte> seed, Span<int> coefficients)
    {
        int length = RejectionBytes;
        while (true)
        {
            byte[] stream = new byte[length];
            Shake128.HashData(seed, stream);
            int count = 0;
            for (int i = 0; i + 3 <= stream.Length && count < N; i += 3)
            {
                int candidate = stream[i] | (stream[i + 1] << 8) | ((stream[i + 2] & 0x7F) << 16);
                if (candidate < Q)
                {
                    coefficients[count++] = candidate;
                }
            }

            if (count == N)
            {
                return;
            }

            length = checked(length * 2);
        }
    }

    /// <summary>μ = H(tr ‖ M′, 64) with M′ = 0x00 ‖ 0x00 ‖ M, the empty-context message of Alg. 2/3 (Alg. 7 line 6, Alg. 8 line 7).</summary>
    public static void MessageRepresentative(ReadOnlySpan<byte> tr, ReadOnlySpan<byte> message, Span<byte> mu)
    {
        using var h = new Shake256();
        h.AppendData(tr);
        h.AppendData([0, 0]);
        h.AppendData(message);
        h.GetHashAndReset(mu[..64]);
    }

    /// <summary>
    /// ExpandMask(ρ″, κ) (Alg. 34): y[r] = BitUnpack(H(ρ″ ‖ IntegerToBytes(κ + r, 2)), γ1 − 1, γ1) for r &lt; ℓ, each
    /// coefficient γ1 − (a (1 + log2 γ1)-bit value).
    /// </summary>
    public static void ExpandMask(ReadOnlySpan<byte> rhoPrime, int kappa, MlDsaParameterSet set, Span<int> y)
    {
        Span<byte> seed = stackalloc byte[66];
        rhoPrime[..64].CopyTo(seed);
        Span<byte> bytes = stackalloc byte[set.ZPolyBytes];
        for (int r = 0; r < set.L; r++)
        {
            int nonce = kappa + r;
            seed[64] = (byte)(nonce & 0xFF);
            seed[65] = (byte)(nonce >> 8);
            Shake256.HashData(seed, bytes);
            MlDsaEncoding.UnpackZ(bytes, set, y.Slice(r * N, N));
        }

        CryptographicOperations.ZeroMemory(bytes);
        CryptographicOperations.ZeroMemory(seed);
    }

    /// <summary>
    /// SampleInBall(c̃) (Alg. 29): the challenge with τ coefficients ±1 and the rest 0. The first 8 bytes of
    /// SHAKE256(c̃) are the signs (bit i + τ − 256 for position i), then one byte per draw of j ≤ i.
    /// </summary>
    public static void SampleInBall(ReadOnlySpan<byte> cTilde, int tau, Span<int> c)
    {
        int length = Shake256BlockBytes;
        while (true)
        {
            byte[] stream = new byte[length];
            Shake256.HashData(cTilde, stream);
            if (TrySampleInBall(stream, tau, c))
            {
                return;
            }

            length = checked(length * 2);
        }
    }

    private static bool TrySampleInBall(ReadOnlySpan<byte> stream, int tau, Span<int> c)
    {
        c[..N].Clear();
        ulong signs = BinaryPrimitives.ReadUInt64LittleEndian(stream);
        int position = 8;
        for (int i = N - tau; i < N; i++)
        {
            int j;
            do
            {
                if (position >= stream.Length)
                {
                    return false;
                }

                j = stream[position++];
            }
            while (j > i);

            c[i] = c[j];
            c[j] = 1 - (2 * (int)(signs & 1));
            signs >>= 1;
        }

        return true;
    }
}

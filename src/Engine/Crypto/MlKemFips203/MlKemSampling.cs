using System.Buffers.Binary;
using System.Security.Cryptography;
using E2eeConformance.Engine.Crypto.Hashing;

namespace E2eeConformance.Engine.Crypto.MlKemFips203;

/// <summary>
/// ML-KEM's sampling (FIPS 203 §4.2.2): the matrix Â from ρ (Alg. 7 <c>SampleNTT</c> on SHAKE128(ρ ‖ j ‖ i), as K-PKE
/// generates it) and the noise polynomials (Alg. 8 <c>SamplePolyCBD_η</c> on PRF_η(σ, N) = SHAKE256(σ ‖ N, 64η)). SHAKE is
/// the platform's; an output that runs out is asked again twice as long (it begins with the shorter one).
/// </summary>
internal static class MlKemSampling
{
    private const int Q = MlKemParameterSet.Q;
    private const int N = MlKemParameterSet.N;

    /// <summary>
    /// Three SHAKE128 blocks: 336 candidates for 256 coefficients, each kept with probability q/4096 ≈ 0.81, which
    /// suffice about 99 times in 100 (the reference code's first squeeze too); otherwise the output is asked again longer.
    /// </summary>
    private const int SampleBytes = 3 * 168;

    /// <summary>Whether the platform has SHA3-256/512 and SHAKE128/256.</summary>
    public static bool IsSupported => Shake128.IsSupported && Shake256.IsSupported && SHA3_256.IsSupported && SHA3_512.IsSupported;

    /// <summary>
    /// Â (k·k polynomials, row-major) with Â[i][j] = SampleNTT(ρ ‖ j ‖ i), or its transpose when
    /// <paramref name="transposed"/> (what encryption multiplies by).
    /// </summary>
    public static void ExpandMatrix(ReadOnlySpan<byte> rho, int k, bool transposed, Span<short> matrix)
    {
        if (HashLanes.IsSupported)
        {
            ExpandMatrixInLanes(rho, k, transposed, matrix);
            return;
        }

        Span<byte> seed = stackalloc byte[34];
        rho[..32].CopyTo(seed);
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                seed[32] = (byte)(transposed ? i : j);
                seed[33] = (byte)(transposed ? j : i);
                SampleNtt(seed, matrix.Slice(((i * k) + j) * N, N));
            }
        }
    }

    /// <summary>
    /// <see cref="ExpandMatrix"/> with the SHAKE128 streams eight at a time (<see cref="Keccak1600x8"/>; the last group
    /// repeats its last entry in the lanes it does not fill). An entry whose three blocks run out is sampled again alone.
    /// </summary>
    private static void ExpandMatrixInLanes(ReadOnlySpan<byte> rho, int k, bool transposed, Span<short> matrix)
    {
        const int lanes = Keccak1600x8.Lanes;
        Span<byte> seeds = stackalloc byte[lanes * 34];
        Span<byte> streams = stackalloc byte[lanes * SampleBytes];
        for (int first = 0; first < k * k; first += lanes)
        {
            for (int lane = 0; lane < lanes; lane++)
            {
                int entry = Math.Min(first + lane, (k * k) - 1);
                int i = entry / k, j = entry % k;
                Span<byte> seed = seeds.Slice(lane * 34, 34);
                rho[..32].CopyTo(seed);
                seed[32] = (byte)(transposed ? i : j);
                seed[33] = (byte)(transposed ? j : i);
            }

            Keccak1600x8.Shake(Keccak1600x8.Shake128Rate, seeds, 34, streams, SampleBytes);
            for (int lane = 0; lane < lanes && first + lane < k * k; lane++)
            {
                Span<short> polynomial = matrix.Slice((first + lane) * N, N);
                if (!TrySample(streams.Slice(lane * SampleBytes, SampleBytes), polynomial))
                {
                    SampleNtt(seeds.Slice(lane * 34, 34), polynomial);
                }
            }
        }
    }

    /// <summary>SampleNTT (Alg. 7): two 12-bit candidates from every three bytes, those ≥ q rejected.</summary>
    private static void SampleNtt(ReadOnlySpan<byte> seed, Span<short> coefficients)
    {
        Span<byte> first = stackalloc byte[SampleBytes];
        Shake128.HashData(seed, first);
        if (TrySample(first, coefficients))
        {
            return;
        }

        for (int length = 2 * SampleBytes; ; length = checked(length * 2))
        {
            byte[] longer = new byte[length];
            Shake128.HashData(seed, longer);
            if (TrySample(longer, coefficients))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The candidates of <paramref name="stream"/> in order, those below q kept, until N are (true) or the stream ends
    /// (false). Branch-free on the candidates (a rejection branch mispredicts about one time in five): each candidate
    /// is written to the next free place and the count advances by whether it is below q, in a buffer with room for
    /// the one or two written past the N-th.
    /// </summary>
    private static bool TrySample(ReadOnlySpan<byte> stream, Span<short> coefficients)
    {
        unchecked
        {
            Span<short> kept = stackalloc short[N + 2];
            int count = 0;
            int end = stream.Length - (stream.Length % 3);
            for (int i = 0; i < end && count < N; i += 3)
            {
                int b0 = stream[i], b1 = stream[i + 1], b2 = stream[i + 2];
                int d1 = b0 | ((b1 & 0x0F) << 8);
                int d2 = (b1 >> 4) | (b2 << 4);
                kept[count] = (short)d1;
                count += (int)((uint)(d1 - Q) >> 31); // 1 when d1 < q
                kept[count] = (short)d2;
                count += (int)((uint)(d2 - Q) >> 31);
            }

            kept[..Math.Min(count, N)].CopyTo(coefficients);
            return count >= N;
        }
    }

    /// <summary>SamplePolyCBD_η(PRF_η(σ, nonce)) for η = 2 or 3 (Alg. 8 with Alg. 4 <c>PRF</c>).</summary>
    public static void Noise(ReadOnlySpan<byte> sigma, byte nonce, int eta, Span<short> coefficients)
    {
        Span<byte> input = stackalloc byte[33];
        sigma[..32].CopyTo(input);
        input[32] = nonce;
        Span<byte> bytes = stackalloc byte[64 * eta];
        Shake256.HashData(input, bytes);
        CenteredBinomial(bytes, eta, coefficients);
        CryptographicOperations.ZeroMemory(bytes);
        CryptographicOperations.ZeroMemory(input);
    }

    /// <summary>
    /// <paramref name="count"/> noise polynomials with nonces <paramref name="firstNonce"/> … (as many calls of
    /// <see cref="Noise"/>), N coefficients each one after the other in <paramref name="polynomials"/>; with AVX-512 their
    /// PRF streams eight at a time (<see cref="Keccak1600x8"/>).
    /// </summary>
    public static void NoiseVector(ReadOnlySpan<byte> sigma, byte firstNonce, int eta, int count, Span<short> polynomials)
    {
        if (!HashLanes.IsSupported || count < 2)
        {
            for (int i = 0; i < count; i++)
            {
                Noise(sigma, (byte)(firstNonce + i), eta, polynomials.Slice(i * N, N));
            }

            return;
        }

        const int lanes = Keccak1600x8.Lanes;
        Span<byte> inputs = stackalloc byte[lanes * 33];
        Span<byte> streams = stackalloc byte[lanes * 64 * 3];
        for (int first = 0; first < count; first += lanes)
        {
            for (int lane = 0; lane < lanes; lane++)
            {
                Span<byte> input = inputs.Slice(lane * 33, 33);
                sigma[..32].CopyTo(input);
                input[32] = (byte)(firstNonce + Math.Min(first + lane, count - 1));
            }

            Keccak1600x8.Shake(Keccak1600x8.Shake256Rate, inputs, 33, streams, 64 * eta);
            for (int lane = 0; lane < lanes && first + lane < count; lane++)
            {
                CenteredBinomial(streams.Slice(lane * 64 * eta, 64 * eta), eta, polynomials.Slice((first + lane) * N, N));
            }
        }

        CryptographicOperations.ZeroMemory(streams);
        CryptographicOperations.ZeroMemory(inputs);
    }

    /// <summary>SamplePolyCBD_η (Alg. 8) of 64η bytes.</summary>
    private static void CenteredBinomial(ReadOnlySpan<byte> bytes, int eta, Span<short> coefficients)
    {
        if (eta == 2)
        {
            for (int i = 0; i < N / 8; i++)
            {
                uint t = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]);
                uint d = (t & 0x55555555) + ((t >> 1) & 0x55555555);
                for (int j = 0; j < 8; j++)
                {
                    int a = (int)((d >> (4 * j)) & 0x3);
                    int b = (int)((d >> ((4 * j) + 2)) & 0x3);
                    coefficients[(8 * i) + j] = (short)(a - b);
                }
            }
        }
        else
        {
            for (int i = 0; i < N / 4; i++)
            {
                uint t = bytes[3 * i] | ((uint)bytes[(3 * i) + 1] << 8) | ((uint)bytes[(3 * i) + 2] << 16);
                uint d = (t & 0x00249249) + ((t >> 1) & 0x00249249) + ((t >> 2) & 0x00249249);
                for (int j = 0; j < 4; j++)
                {
                    int a = (int)((d >> (6 * j)) & 0x7);
                    int b = (int)((d >> ((6 * j) + 3)) & 0x7);
                    coefficients[(4 * i) + j] = (short)(a - b);
                }
            }
        }
    }
}

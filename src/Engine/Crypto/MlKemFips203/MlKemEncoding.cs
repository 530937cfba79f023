namespace E2eeConformance.Engine.Crypto.MlKemFips203;

/// <summary>
/// ML-KEM's encodings (FIPS 203 §4.2.1): ByteEncode_d / ByteDecode_d (Alg. 5, 6; d bits a coefficient, least significant
/// bit first) and Compress_d / Decompress_d (eq. 4.7, 4.8) on centred or [0, q) coefficients.
/// </summary>
internal static class MlKemEncoding
{
    private const int Q = MlKemParameterSet.Q;

    /// <summary>The representative in [0, q) of a coefficient in (−q, q).</summary>
    public static int Canonical(short a) => a + ((a >> 15) & Q);

    /// <summary>ByteEncode12 of coefficients in (−q, q), each taken to [0, q) first.</summary>
    public static void Encode12(ReadOnlySpan<short> coefficients, Span<byte> destination)
    {
        Span<short> canonical = stackalloc short[coefficients.Length];
        for (int i = 0; i < coefficients.Length; i++)
        {
            canonical[i] = (short)Canonical(coefficients[i]);
        }

        BitPacking.Pack(canonical, 12, destination);
    }

    /// <summary>
    /// Compress_d then ByteEncode_d: ⌈2^d·x/q⌋ mod 2^d of every coefficient (in (−q, q), taken to [0, q) first). With q
    /// odd no value is a tie, so rounding is ⌊(2^d·x + (q − 1)/2)/q⌋.
    /// </summary>
    public static void CompressEncode(ReadOnlySpan<short> coefficients, int bits, Span<byte> destination)
    {
        Span<short> compressed = stackalloc short[coefficients.Length];
        int mask = (1 << bits) - 1;
        for (int i = 0; i < coefficients.Length; i++)
        {
            int x = Canonical(coefficients[i]);
            compressed[i] = (short)(DivideByQ((uint)((x << bits) + ((Q - 1) / 2))) & mask);
        }

        BitPacking.Pack(compressed, bits, destination);
    }

    /// <summary>2⁴⁰/q rounded up: n·this >> 40 is ⌊n/q⌋ for every n &lt; 2²³ (checked for all of them by a test).</summary>
    private const ulong QReciprocal = ((1UL << 40) + Q - 1) / Q;

    /// <summary>
    /// ⌊n/q⌋ for n &lt; 2²³ by a multiplication and a shift: the values compressed are secret (a message bit, a
    /// re-encryption in decapsulation), and a division's time can depend on its operand (KyberSlash).
    /// </summary>
    public static int DivideByQ(uint n) => (int)((n * QReciprocal) >> 40);

    /// <summary>ByteDecode_d then Decompress_d: ⌈q·y/2^d⌋ of every value.</summary>
    public static void DecodeDecompress(ReadOnlySpan<byte> source, int bits, Span<short> coefficients)
    {
        BitPacking.Unpack(source, bits, coefficients);
        for (int i = 0; i < coefficients.Length; i++)
        {
            coefficients[i] = (short)(((coefficients[i] * Q) + (1 << (bits - 1))) >> bits);
        }
    }
}

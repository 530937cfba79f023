using System.Numerics;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// Fixed-width unsigned values packed least significant bit first (FIPS 203 Alg. 5/6 <c>ByteEncode</c>/<c>ByteDecode</c>,
/// FIPS 204 Alg. 16/18 <c>SimpleBitPack</c>/<c>SimpleBitUnpack</c>), for the 16-bit coefficients of ML-KEM and the
/// 32-bit ones of ML-DSA alike. Widths up to 24 bits.
/// </summary>
internal static class BitPacking
{
    /// <summary><paramref name="values"/> (each below 2^<paramref name="bits"/>) packed into <paramref name="destination"/>.</summary>
    public static void Pack<T>(ReadOnlySpan<T> values, int bits, Span<byte> destination)
        where T : IBinaryInteger<T>
    {
        ulong buffer = 0;
        int held = 0, output = 0;
        foreach (T value in values)
        {
            buffer |= ulong.CreateTruncating(value) << held;
            held += bits;
            while (held >= 8)
            {
                destination[output++] = unchecked((byte)buffer);
                buffer >>= 8;
                held -= 8;
            }
        }
    }

    /// <summary>As many <paramref name="bits"/>-bit values as <paramref name="values"/> holds, unpacked from <paramref name="source"/>.</summary>
    public static void Unpack<T>(ReadOnlySpan<byte> source, int bits, Span<T> values)
        where T : IBinaryInteger<T>
    {
        ulong buffer = 0;
        int held = 0, input = 0;
        ulong mask = (1UL << bits) - 1;
        for (int i = 0; i < values.Length; i++)
        {
            while (held < bits)
            {
                buffer |= (ulong)source[input++] << held;
                held += 8;
            }

            values[i] = T.CreateTruncating(buffer & mask);
            buffer >>= bits;
            held -= bits;
        }
    }
}

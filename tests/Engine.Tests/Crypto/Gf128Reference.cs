using System.Buffers.Binary;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// GF(2^128) exactly as NIST SP 800-38D writes it, bit by bit and slow, as an independent reference for the
/// PCLMULQDQ GHASH: a block is a 128-bit integer with the first byte most significant, and bit 0 of the spec (the
/// coefficient of x^0) is the integer's most significant bit.
/// </summary>
internal static class Gf128Reference
{
    /// <summary>R = 11100001 ‖ 0^120 (SP 800-38D §6.3).</summary>
    private static readonly UInt128 R = (UInt128)0xE1 << 120;

    /// <summary>The multiplicative identity: the polynomial 1, i.e. the block 0x80 00 … 00.</summary>
    public static readonly UInt128 One = UInt128.One << 127;

    public static UInt128 FromBytes(ReadOnlySpan<byte> block) => BinaryPrimitives.ReadUInt128BigEndian(block);

    public static byte[] ToBytes(UInt128 value)
    {
        byte[] block = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(block, value);
        return block;
    }

    /// <summary>X • Y (SP 800-38D §6.3, Algorithm 1).</summary>
    public static UInt128 Multiply(UInt128 x, UInt128 y)
    {
        UInt128 z = UInt128.Zero;
        UInt128 v = y;
        for (int i = 0; i < 128; i++)
        {
            if (((x >> (127 - i)) & UInt128.One) != UInt128.Zero)
            {
                z ^= v;
            }

            v = (v & UInt128.One) == UInt128.Zero ? v >> 1 : (v >> 1) ^ R;
        }

        return z;
    }

    /// <summary>a⁻¹ = a^(2^128 − 2) for a ≠ 0 (square and multiply).</summary>
    public static UInt128 Inverse(UInt128 a)
    {
        UInt128 exponent = UInt128.MaxValue - 1;
        UInt128 result = One;
        for (int bit = 127; bit >= 0; bit--)
        {
            result = Multiply(result, result);
            if (((exponent >> bit) & UInt128.One) != UInt128.Zero)
            {
                result = Multiply(result, a);
            }
        }

        return result;
    }

    /// <summary>GHASH_H(X) over the blocks of <paramref name="x"/>, zero-padded to a whole block (SP 800-38D §6.4, Algorithm 2).</summary>
    public static UInt128 Ghash(UInt128 h, UInt128 y, ReadOnlySpan<byte> x)
    {
        byte[] padded = new byte[(x.Length + 15) / 16 * 16];
        x.CopyTo(padded);
        for (int i = 0; i < padded.Length; i += 16)
        {
            y = Multiply(y ^ FromBytes(padded.AsSpan(i, 16)), h);
        }

        return y;
    }
}

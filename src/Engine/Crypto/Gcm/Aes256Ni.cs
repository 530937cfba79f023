using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace E2eeConformance.Engine.Crypto.Gcm;

/// <summary>
/// AES-256 encryption on the AES-NI instructions: the key expansion with AESKEYGENASSIST (Intel AES-NI white paper,
/// Gueron 2010, §4 "AES-256 key expansion"), one block, and four independent blocks interleaved so the AESENC latency
/// is hidden (CTR mode). Callers check <see cref="GcmIntrinsics.IsSupported"/> first.
/// </summary>
internal static class Aes256Ni
{
    public const int KeyLength = 32;
    public const int RoundKeyCount = 15;

    public static void ExpandKey(ReadOnlySpan<byte> key, out Aes256RoundKeys roundKeys)
    {
        if (key.Length != KeyLength)
        {
            Errors.ThrowHelper.Argument(nameof(key), $"AES-256 key must be {KeyLength} bytes");
        }

        roundKeys = default;
        Vector128<byte> a = Vector128.Create(key[..16]);
        Vector128<byte> b = Vector128.Create(key[16..]);
        roundKeys[0] = a;
        roundKeys[1] = b;
        a = ExpandA(a, b, 0x01);
        roundKeys[2] = a;
        b = ExpandB(b, a);
        roundKeys[3] = b;
        a = ExpandA(a, b, 0x02);
        roundKeys[4] = a;
        b = ExpandB(b, a);
        roundKeys[5] = b;
        a = ExpandA(a, b, 0x04);
        roundKeys[6] = a;
        b = ExpandB(b, a);
        roundKeys[7] = b;
        a = ExpandA(a, b, 0x08);
        roundKeys[8] = a;
        b = ExpandB(b, a);
        roundKeys[9] = b;
        a = ExpandA(a, b, 0x10);
        roundKeys[10] = a;
        b = ExpandB(b, a);
        roundKeys[11] = b;
        a = ExpandA(a, b, 0x20);
        roundKeys[12] = a;
        b = ExpandB(b, a);
        roundKeys[13] = b;
        a = ExpandA(a, b, 0x40);
        roundKeys[14] = a;
    }

    /// <summary>E(K, block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Encrypt(Vector128<byte> block, in Aes256RoundKeys rk)
    {
        Vector128<byte> x = block ^ rk[0];
        x = AesNi.Encrypt(x, rk[1]);
        x = AesNi.Encrypt(x, rk[2]);
        x = AesNi.Encrypt(x, rk[3]);
        x = AesNi.Encrypt(x, rk[4]);
        x = AesNi.Encrypt(x, rk[5]);
        x = AesNi.Encrypt(x, rk[6]);
        x = AesNi.Encrypt(x, rk[7]);
        x = AesNi.Encrypt(x, rk[8]);
        x = AesNi.Encrypt(x, rk[9]);
        x = AesNi.Encrypt(x, rk[10]);
        x = AesNi.Encrypt(x, rk[11]);
        x = AesNi.Encrypt(x, rk[12]);
        x = AesNi.Encrypt(x, rk[13]);
        return AesNi.EncryptLast(x, rk[14]);
    }

    /// <summary>Encrypts four independent blocks in place, interleaved round by round.</summary>
    public static void Encrypt4(ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3, in Aes256RoundKeys rk)
    {
        Vector128<byte> k = rk[0];
        Vector128<byte> x0 = b0 ^ k, x1 = b1 ^ k, x2 = b2 ^ k, x3 = b3 ^ k;
        for (int r = 1; r < RoundKeyCount - 1; r++)
        {
            k = rk[r];
            x0 = AesNi.Encrypt(x0, k);
            x1 = AesNi.Encrypt(x1, k);
            x2 = AesNi.Encrypt(x2, k);
            x3 = AesNi.Encrypt(x3, k);
        }

        k = rk[RoundKeyCount - 1];
        b0 = AesNi.EncryptLast(x0, k);
        b1 = AesNi.EncryptLast(x1, k);
        b2 = AesNi.EncryptLast(x2, k);
        b3 = AesNi.EncryptLast(x3, k);
    }

    /// <summary>Even round key: w[i..i+3] from w[i−8..i−5] and SubWord(RotWord(w[i−1])) ⊕ Rcon.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ExpandA(Vector128<byte> previousEven, Vector128<byte> previousOdd, [System.Diagnostics.CodeAnalysis.ConstantExpected] byte rcon) =>
        PrefixXor(previousEven) ^ Sse2.Shuffle(AesNi.KeygenAssist(previousOdd, rcon).AsUInt32(), 0xFF).AsByte();

    /// <summary>Odd round key: w[i..i+3] from w[i−8..i−5] and SubWord(w[i−1]) (no rotation, no Rcon).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ExpandB(Vector128<byte> previousOdd, Vector128<byte> even) =>
        PrefixXor(previousOdd) ^ Sse2.Shuffle(AesNi.KeygenAssist(even, 0x00).AsUInt32(), 0xAA).AsByte();

    /// <summary>(w0, w0⊕w1, w0⊕w1⊕w2, w0⊕w1⊕w2⊕w3): the running XOR of the four words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> PrefixXor(Vector128<byte> x)
    {
        x ^= Sse2.ShiftLeftLogical128BitLane(x, 4);
        x ^= Sse2.ShiftLeftLogical128BitLane(x, 4);
        return x ^ Sse2.ShiftLeftLogical128BitLane(x, 4);
    }
}

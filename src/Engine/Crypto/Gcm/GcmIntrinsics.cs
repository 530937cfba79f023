using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace E2eeConformance.Engine.Crypto.Gcm;

/// <summary>
/// AES-256-GCM (NIST SP 800-38D) with a 16-byte tag on AES-NI and PCLMULQDQ, for any IV length GCM defines: a 12-byte
/// IV gives J0 = IV ‖ 0³¹1, any other (non-empty) IV gives J0 = GHASH_H(IV ‖ 0^(s+64) ‖ [len(IV)]₆₄) (§7.1 step 2).
/// Nothing is allocated; output goes to caller-provided spans that must not overlap the inputs. Decryption writes the
/// plaintext into the caller's buffer and zeroes it again when the tag does not verify (compared in constant time).
/// </summary>
internal static class GcmIntrinsics
{
    public const int TagLength = 16;
    private const int BlockLength = 16;

    /// <summary>Whether this CPU has every instruction the implementation uses (x86/x64 with AES-NI, PCLMULQDQ and SSSE3).</summary>
    public static bool IsSupported => AesNi.IsSupported && Pclmulqdq.IsSupported && Sse2.IsSupported && Ssse3.IsSupported;

    /// <summary>C ‖ T = GCM-AE_K(IV, P, A) into <paramref name="ciphertextAndTag"/> (|P| + 16 bytes).</summary>
    public static void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag)
    {
        CheckSupported();
        if (ciphertextAndTag.Length != plaintext.Length + TagLength)
        {
            Errors.ThrowHelper.Argument(nameof(ciphertextAndTag), "GCM output must be the plaintext length plus the tag");
        }

        Span<byte> ciphertext = ciphertextAndTag[..plaintext.Length];
        Aes256Ni.ExpandKey(key, out Aes256RoundKeys rk);
        var ghash = new Ghash(Aes256Ni.Encrypt(Vector128<byte>.Zero, rk));
        Vector128<byte> j0 = PreCounterBlock(iv, ref ghash);
        Ctr(rk, j0, plaintext, ciphertext);
        Vector128<byte> tag = Tag(rk, j0, ref ghash, associatedData, ciphertext);
        tag.CopyTo(ciphertextAndTag[plaintext.Length..]);
        SecretWipe.Value(ref rk);
        ghash.Clear();
    }

    /// <summary>
    /// P = GCM-AD_K(IV, C, A, T) into <paramref name="plaintext"/> (|C| bytes); false, with <paramref name="plaintext"/>
    /// zeroed, when the tag does not verify.
    /// </summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        CheckSupported();
        if (ciphertextAndTag.Length < TagLength || plaintext.Length != ciphertextAndTag.Length - TagLength)
        {
            Errors.ThrowHelper.Argument(nameof(plaintext), "GCM plaintext must be the ciphertext length minus the tag");
        }

        ReadOnlySpan<byte> ciphertext = ciphertextAndTag[..^TagLength];
        Aes256Ni.ExpandKey(key, out Aes256RoundKeys rk);
        var ghash = new Ghash(Aes256Ni.Encrypt(Vector128<byte>.Zero, rk));
        Vector128<byte> j0 = PreCounterBlock(iv, ref ghash);
        Vector128<byte> tag = Tag(rk, j0, ref ghash, associatedData, ciphertext);
        Ctr(rk, j0, ciphertext, plaintext);
        SecretWipe.Value(ref rk);
        ghash.Clear();

        Span<byte> expected = stackalloc byte[TagLength];
        tag.CopyTo(expected);
        bool valid = CryptographicOperations.FixedTimeEquals(expected, ciphertextAndTag[^TagLength..]);
        if (!valid)
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return valid;
    }

    /// <summary>J0 (§7.1 step 2); leaves <paramref name="ghash"/> reset to Y = 0 for the tag.</summary>
    private static Vector128<byte> PreCounterBlock(ReadOnlySpan<byte> iv, ref Ghash ghash)
    {
        if (iv.IsEmpty)
        {
            Errors.ThrowHelper.Argument(nameof(iv), "a GCM IV must be at least 1 byte");
        }

        if (iv.Length == 12)
        {
            Span<byte> block = stackalloc byte[BlockLength];
            iv.CopyTo(block);
            BinaryPrimitives.WriteUInt32BigEndian(block[12..], 1);
            return Vector128.Create(block);
        }

        Ghash ivHash = ghash;
        ivHash.Update(iv);
        ivHash.UpdateLengths(0, checked((ulong)iv.Length * 8));
        Vector128<byte> j0 = ivHash.Value;
        ivHash.Clear();
        return j0;
    }

    /// <summary>T = E(K, J0) ⊕ GHASH_H(A ‖ 0^v ‖ C ‖ 0^u ‖ [len(A)]₆₄ ‖ [len(C)]₆₄) (§7.1 steps 5–6).</summary>
    private static Vector128<byte> Tag(in Aes256RoundKeys rk, Vector128<byte> j0, ref Ghash ghash, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext)
    {
        ghash.Update(associatedData);
        ghash.Update(ciphertext);
        ghash.UpdateLengths(checked((ulong)associatedData.Length * 8), checked((ulong)ciphertext.Length * 8));
        return Aes256Ni.Encrypt(j0, rk) ^ ghash.Value;
    }

    /// <summary>GCTR_K(inc32(J0), input) (§6.5): the counter is the last 32 bits of the block, big-endian, mod 2^32.</summary>
    private static void Ctr(in Aes256RoundKeys rk, Vector128<byte> j0, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Vector128<uint> prefix = j0.AsUInt32();
        uint counter = BinaryPrimitives.ReverseEndianness(prefix.GetElement(3));
        while (input.Length >= 4 * BlockLength)
        {
            Vector128<byte> k0 = CounterBlock(prefix, unchecked(counter + 1));
            Vector128<byte> k1 = CounterBlock(prefix, unchecked(counter + 2));
            Vector128<byte> k2 = CounterBlock(prefix, unchecked(counter + 3));
            Vector128<byte> k3 = CounterBlock(prefix, unchecked(counter + 4));
            counter = unchecked(counter + 4);
            Aes256Ni.Encrypt4(ref k0, ref k1, ref k2, ref k3, rk);
            (Vector128.Create(input[..16]) ^ k0).CopyTo(output);
            (Vector128.Create(input[16..32]) ^ k1).CopyTo(output[16..]);
            (Vector128.Create(input[32..48]) ^ k2).CopyTo(output[32..]);
            (Vector128.Create(input[48..64]) ^ k3).CopyTo(output[48..]);
            input = input[64..];
            output = output[64..];
        }

        while (input.Length >= BlockLength)
        {
            counter = unchecked(counter + 1);
            Vector128<byte> k = Aes256Ni.Encrypt(CounterBlock(prefix, counter), rk);
            (Vector128.Create(input[..BlockLength]) ^ k).CopyTo(output);
            input = input[BlockLength..];
            output = output[BlockLength..];
        }

        if (!input.IsEmpty)
        {
            counter = unchecked(counter + 1);
            Span<byte> block = stackalloc byte[BlockLength];
            block.Clear();
            input.CopyTo(block);
            Vector128<byte> k = Aes256Ni.Encrypt(CounterBlock(prefix, counter), rk);
            (Vector128.Create(block) ^ k).CopyTo(block);
            block[..input.Length].CopyTo(output);
            CryptographicOperations.ZeroMemory(block);
        }
    }

    private static Vector128<byte> CounterBlock(Vector128<uint> prefix, uint counter) =>
        prefix.WithElement(3, BinaryPrimitives.ReverseEndianness(counter)).AsByte();

    private static void CheckSupported()
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI, PCLMULQDQ and SSSE3 are required for the intrinsic GCM");
        }
    }
}

using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Crypto.Gcm;
using E2eeConformance.Engine.Errors;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The AES-256-GCM behind <see cref="AesGcm16"/>: the AES-NI + PCLMULQDQ implementation (<see cref="GcmIntrinsics"/>)
/// against BouncyCastle's GCM over its table AES (an independent reference) byte for byte, the fallback path
/// (<see cref="GcmBouncyCastle"/>, forced through <see cref="AesGcm16.ForceFallback"/>), the McGrew–Viega AES-256 test
/// cases, tampering, and the counter wrap of inc32. Tests of the intrinsic path are inconclusive on CPUs without it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class GcmTests
{
    private sealed record GcmCase(byte[] Key, byte[] Iv, byte[] Ad, byte[] Plaintext)
    {
        public override string ToString() => $"key {Convert.ToHexString(Key)}, iv {Convert.ToHexString(Iv)} ({Iv.Length} B), ad {Ad.Length} B, plaintext {Plaintext.Length} B";
    }

    private static readonly Gen<byte[]> Ivs = Gen.OneOf(Gen.Byte.Array[12], Gen.Byte.Array[16], Gen.Byte.Array[1, 64]);

    /// <summary>Random keys, IVs of 12, 16 or 1..64 bytes, AD of 0..6000 bytes (mostly short) and plaintexts of 0..300 bytes.</summary>
    private static readonly Gen<GcmCase> Cases = Gen.Select(
        Gen.Byte.Array[32],
        Ivs,
        Gen.OneOf(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 6000]),
        Gen.Byte.Array[0, 300],
        (key, iv, ad, plaintext) => new GcmCase(key, iv, ad, plaintext));

    private static void RequireIntrinsics() =>
        Assume.That(GcmIntrinsics.IsSupported, "this CPU has no AES-NI/PCLMULQDQ: only the BouncyCastle path runs here");

    private static byte[] ReferenceEncrypt(GcmCase c)
    {
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(true, new AeadParameters(new KeyParameter(c.Key), 128, c.Iv, c.Ad));
        byte[] output = new byte[gcm.GetOutputSize(c.Plaintext.Length)];
        int n = gcm.ProcessBytes(c.Plaintext, 0, c.Plaintext.Length, output, 0);
        gcm.DoFinal(output, n);
        return output;
    }

    private static byte[] IntrinsicEncrypt(GcmCase c)
    {
        byte[] output = new byte[c.Plaintext.Length + 16];
        GcmIntrinsics.Encrypt(c.Key, c.Iv, c.Ad, c.Plaintext, output);
        return output;
    }

    private static byte[] FallbackEncrypt(GcmCase c)
    {
        byte[] output = new byte[c.Plaintext.Length + 16];
        GcmBouncyCastle.Encrypt(c.Key, c.Iv, c.Ad, c.Plaintext, output);
        return output;
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    /// <summary>E(K, block) on BouncyCastle's table AES.</summary>
    private static byte[] AesBlock(byte[] key, byte[] block)
    {
        var aes = new AesEngine();
        aes.Init(true, new KeyParameter(key));
        byte[] output = new byte[16];
        aes.ProcessBlock(block, 0, output, 0);
        return output;
    }

    // ---- against BouncyCastle --------------------------------------------------------------------------------------

    [Test]
    public void Intrinsic_encryption_equals_BouncyCastle_byte_for_byte_for_random_keys_ivs_ad_and_plaintexts()
    {
        RequireIntrinsics();
        Cases.Sample(c => IntrinsicEncrypt(c).AsSpan().SequenceEqual(ReferenceEncrypt(c)), iter: 2000, print: c => c.ToString());
    }

    [Test]
    public void Intrinsic_decryption_of_BouncyCastle_ciphertexts_round_trips()
    {
        RequireIntrinsics();
        Cases.Sample(
            c =>
            {
                byte[] sealedBytes = ReferenceEncrypt(c);
                byte[] plaintext = new byte[c.Plaintext.Length];
                return GcmIntrinsics.TryDecrypt(c.Key, c.Iv, c.Ad, sealedBytes, plaintext) && plaintext.AsSpan().SequenceEqual(c.Plaintext);
            },
            iter: 1000,
            print: c => c.ToString());
    }

    [Test]
    public void The_fallback_gives_the_same_bytes_as_the_intrinsic_path_and_as_BouncyCastle()
    {
        Cases.Sample(
            c =>
            {
                byte[] expected = ReferenceEncrypt(c);
                byte[] fallback = FallbackEncrypt(c);
                byte[] plaintext = new byte[c.Plaintext.Length];
                bool opens = GcmBouncyCastle.TryDecrypt(c.Key, c.Iv, c.Ad, expected, plaintext);
                return fallback.AsSpan().SequenceEqual(expected) && opens && plaintext.AsSpan().SequenceEqual(c.Plaintext) &&
                       (!GcmIntrinsics.IsSupported || IntrinsicEncrypt(c).AsSpan().SequenceEqual(fallback));
            },
            iter: 500,
            print: c => c.ToString());
    }

    [Test]
    public void AesGcm16_gives_identical_results_with_the_fallback_forced()
    {
        var random = new Random(20241125);
        for (int i = 0; i < 200; i++)
        {
            byte[] key = new byte[32], iv = new byte[i % 2 == 0 ? 16 : 12], ad = new byte[random.Next(0, 3200)], plaintext = new byte[random.Next(0, 300)];
            random.NextBytes(key);
            random.NextBytes(iv);
            random.NextBytes(ad);
            random.NextBytes(plaintext);
            byte[] normal = AesGcm16.Encrypt(key, iv, ad, plaintext);
            byte[] fallback;
            byte[] openedByFallback;
            AesGcm16.ForceFallback = true;
            try
            {
                AesGcm16.UsesIntrinsics.Should().BeFalse();
                fallback = AesGcm16.Encrypt(key, iv, ad, plaintext);
                openedByFallback = AesGcm16.Decrypt(key, iv, ad, normal);
            }
            finally
            {
                AesGcm16.ForceFallback = false;
            }

            fallback.Should().Equal(normal);
            openedByFallback.Should().Equal(plaintext);
            AesGcm16.Decrypt(key, iv, ad, fallback).Should().Equal(plaintext);
        }
    }

    // ---- known answers ---------------------------------------------------------------------------------------------

    /// <summary>
    /// McGrew &amp; Viega, "The Galois/Counter Mode of Operation (GCM)", revised 2005, Appendix B, the AES-256 test
    /// cases 13–18: 12-byte IVs (13–16), an 8-byte IV (17) and a 60-byte IV (18), the last three with 20 bytes of AD.
    /// </summary>
    private static IEnumerable<TestCaseData> McGrewViegaAes256()
    {
        const string K = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
        const string P = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
        const string A = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
        yield return new TestCaseData(new string('0', 64), new string('0', 24), "", "", "", "530f8afbc74536b9a963b4f1c4cb738b").SetName("McGrew-Viega test case 13 (empty P and A)");
        yield return new TestCaseData(new string('0', 64), new string('0', 24), new string('0', 32), "", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919").SetName("McGrew-Viega test case 14 (one zero block)");
        yield return new TestCaseData(K, "cafebabefacedbaddecaf888", P + "1aafd255", "", "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad", "b094dac5d93471bdec1a502270e3cc6c").SetName("McGrew-Viega test case 15 (64-byte P, 12-byte IV)");
        yield return new TestCaseData(K, "cafebabefacedbaddecaf888", P, A, "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662", "76fc6ece0f4e1768cddf8853bb2d551b").SetName("McGrew-Viega test case 16 (60-byte P, AD, 12-byte IV)");
        yield return new TestCaseData(K, "cafebabefacedbad", P, A, "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f", "3a337dbf46a792c45e454913fe2ea8f2").SetName("McGrew-Viega test case 17 (8-byte IV)");
        yield return new TestCaseData(K, "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b", P, A, "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf40fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f", "a44a8266ee1c8eb0c8b5d4cf5ae9f19a").SetName("McGrew-Viega test case 18 (60-byte IV)");
    }

    [TestCaseSource(nameof(McGrewViegaAes256))]
    public void Known_answers_from_the_GCM_specification_on_every_path(string key, string iv, string plaintext, string ad, string ciphertext, string tag)
    {
        var c = new GcmCase(Hex(key), Hex(iv), Hex(ad), Hex(plaintext));
        byte[] expected = Hex(ciphertext + tag);

        FallbackEncrypt(c).Should().Equal(expected, "the BouncyCastle path");
        AesGcm16.Encrypt(c.Key, c.Iv, c.Ad, c.Plaintext).Should().Equal(expected, "AesGcm16");
        AesGcm16.Decrypt(c.Key, c.Iv, c.Ad, expected).Should().Equal(c.Plaintext);
        if (GcmIntrinsics.IsSupported)
        {
            IntrinsicEncrypt(c).Should().Equal(expected, "the intrinsic path");
        }
    }

    // ---- tampering -------------------------------------------------------------------------------------------------

    private enum Target
    {
        CiphertextOrTag,
        AssociatedData,
        Iv,
    }

    [Test]
    public void Any_single_bit_flip_of_ciphertext_tag_ad_or_iv_is_bad_tag_on_both_paths()
    {
        Gen.Select(Cases, Gen.Enum<Target>(), Gen.Int[0, int.MaxValue], Gen.Bool).Sample(
            t =>
            {
                (GcmCase c, Target target, int position, bool fallback) = t;
                byte[] sealedBytes = ReferenceEncrypt(c);
                byte[] ad = (byte[])c.Ad.Clone(), iv = (byte[])c.Iv.Clone(), tampered = (byte[])sealedBytes.Clone();
                byte[] flipped = target switch
                {
                    Target.CiphertextOrTag => tampered,
                    Target.AssociatedData when ad.Length > 0 => ad,
                    Target.AssociatedData => tampered,
                    _ => iv,
                };
                int bit = position % (flipped.Length * 8);
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));

                AesGcm16.ForceFallback = fallback;
                try
                {
                    Action decrypt = () => AesGcm16.Decrypt(c.Key, iv, ad, tampered);
                    decrypt.Should().Throw<ProtocolException>().Which.Code.Should().Be(ProtocolErrorCode.BadTag);
                }
                finally
                {
                    AesGcm16.ForceFallback = false;
                }
            },
            iter: 1000,
            threads: 1,
            print: t => $"{t.Item1} {t.Item2} position {t.Item3} fallback {t.Item4}");
    }

    [Test]
    public void A_failed_decryption_leaves_no_plaintext_in_the_output_buffer_on_either_path()
    {
        Cases.Sample(
            c =>
            {
                byte[] tampered = ReferenceEncrypt(c);
                tampered[^1] ^= 0x80;
                byte[] intrinsicOut = new byte[c.Plaintext.Length];
                byte[] fallbackOut = new byte[c.Plaintext.Length];
                bool intrinsicRejects = !GcmIntrinsics.IsSupported || !GcmIntrinsics.TryDecrypt(c.Key, c.Iv, c.Ad, tampered, intrinsicOut);
                bool fallbackRejects = !GcmBouncyCastle.TryDecrypt(c.Key, c.Iv, c.Ad, tampered, fallbackOut);
                return intrinsicRejects && fallbackRejects && !intrinsicOut.AsSpan().ContainsAnyExcept((byte)0) && !fallbackOut.AsSpan().ContainsAnyExcept((byte)0);
            },
            iter: 300,
            print: c => c.ToString());
    }

    [Test]
    public void Short_ciphertexts_are_bad_tag_and_malformed_keys_or_ivs_are_argument_errors_on_both_paths()
    {
        foreach (bool fallback in new[] { false, true })
        {
            AesGcm16.ForceFallback = fallback;
            try
            {
                Action shortCiphertext = () => AesGcm16.Decrypt(new byte[32], new byte[16], [], new byte[15]);
                shortCiphertext.Should().Throw<ProtocolException>().Which.Code.Should().Be(ProtocolErrorCode.BadTag);
                Action emptyIv = () => AesGcm16.Encrypt(new byte[32], [], [], [1, 2, 3]);
                emptyIv.Should().Throw<ArgumentException>();
                Action shortKey = () => AesGcm16.Encrypt(new byte[16], new byte[16], [], [1, 2, 3]);
                shortKey.Should().Throw<ArgumentException>();
                AesGcm16.Decrypt(new byte[32], new byte[16], "ad"u8, AesGcm16.Encrypt(new byte[32], new byte[16], "ad"u8, [])).Should().BeEmpty();
            }
            finally
            {
                AesGcm16.ForceFallback = false;
            }
        }
    }

    // ---- GHASH and the counter -------------------------------------------------------------------------------------

    [Test]
    public void Ghash_equals_the_bitwise_reference_of_SP_800_38D_including_the_aggregated_four_block_runs()
    {
        RequireIntrinsics();
        Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[0, 300], Gen.Byte.Array[0, 100]).Sample(
            t =>
            {
                (byte[] h, byte[] first, byte[] second) = t;
                var ghash = new Ghash(Vector128.Create(h));
                ghash.Update(first);
                ghash.Update(second);
                ghash.UpdateLengths((ulong)first.Length * 8, (ulong)second.Length * 8);

                UInt128 hKey = Gf128Reference.FromBytes(h);
                UInt128 y = Gf128Reference.Ghash(hKey, UInt128.Zero, first);
                y = Gf128Reference.Ghash(hKey, y, second);
                byte[] lengths = new byte[16];
                BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)first.Length * 8);
                BinaryPrimitives.WriteUInt64BigEndian(lengths.AsSpan(8), (ulong)second.Length * 8);
                y = Gf128Reference.Ghash(hKey, y, lengths);

                byte[] actual = new byte[16];
                ghash.Value.CopyTo(actual);
                return actual.AsSpan().SequenceEqual(Gf128Reference.ToBytes(y));
            },
            iter: 300);
    }

    /// <summary>
    /// inc32 works modulo 2^32 on the last 32 bits only. GHASH is linear, so a 16-byte IV whose J0 ends in
    /// 0xFFFFFFFD can be solved for: J0 = ((IV • H) ⊕ L) • H with L the length block, so IV = (J0 • H⁻¹ ⊕ L) • H⁻¹.
    /// Six blocks then cross the wrap in the four-block and in the single-block code.
    /// </summary>
    [Test]
    public void The_counter_wraps_modulo_2_to_the_32_within_the_last_word_as_inc32_defines()
    {
        var random = new Random(7);
        foreach (uint low in new uint[] { 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFB })
        {
            byte[] key = new byte[32];
            random.NextBytes(key);
            UInt128 h = Gf128Reference.FromBytes(AesBlock(key, new byte[16]));
            UInt128 hInverse = Gf128Reference.Inverse(h);
            Gf128Reference.Multiply(h, hInverse).Should().Be(Gf128Reference.One);

            byte[] j0 = new byte[16];
            random.NextBytes(j0);
            BinaryPrimitives.WriteUInt32BigEndian(j0.AsSpan(12), low);
            UInt128 lengthBlock = 16 * 8;
            byte[] iv = Gf128Reference.ToBytes(Gf128Reference.Multiply(Gf128Reference.Multiply(Gf128Reference.FromBytes(j0), hInverse) ^ lengthBlock, hInverse));
            Gf128Reference.Ghash(h, Gf128Reference.Ghash(h, UInt128.Zero, iv), Gf128Reference.ToBytes(lengthBlock)).Should().Be(Gf128Reference.FromBytes(j0));

            foreach (int length in new[] { 16 * 6, 16 * 6 + 7, 16 * 9 })
            {
                byte[] plaintext = new byte[length];
                random.NextBytes(plaintext);

                // CTR by hand: block i is P_i ⊕ E(K, J0 with its last word + i mod 2^32), i = 1, 2, …
                byte[] ciphertext = new byte[length];
                byte[] counterBlock = (byte[])j0.Clone();
                for (int i = 0; i * 16 < length; i++)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(counterBlock.AsSpan(12), unchecked(low + (uint)i + 1));
                    byte[] keyStream = AesBlock(key, counterBlock);
                    for (int j = i * 16; j < Math.Min(length, (i + 1) * 16); j++)
                    {
                        ciphertext[j] = (byte)(plaintext[j] ^ keyStream[j - (i * 16)]);
                    }
                }

                var c = new GcmCase(key, iv, [1, 2, 3], plaintext);
                byte[] expected = ReferenceEncrypt(c);
                expected.AsSpan(0, length).ToArray().Should().Equal(ciphertext, "BouncyCastle's CTR wraps too");
                FallbackEncrypt(c).Should().Equal(expected);
                if (GcmIntrinsics.IsSupported)
                {
                    IntrinsicEncrypt(c).Should().Equal(expected, "J0 ends in {0:X8}, {1} bytes", low, length);
                }
            }
        }
    }
}

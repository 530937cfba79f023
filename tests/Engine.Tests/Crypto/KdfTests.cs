using System.Security.Cryptography;
using System.Text;
using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Crypto.Hashing;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The managed SHA-256, HMAC-SHA256 and HKDF-SHA256 behind <see cref="Kdf"/>, <see cref="MessageKey"/> and
/// <see cref="ChainKey"/>: equal to .NET's <see cref="HKDF"/>, <see cref="HMACSHA256"/> and <see cref="SHA256"/> over
/// random inputs (keys longer than a block included), and to the known answers of RFC 5869, RFC 4231 and FIPS 180-2.
/// </summary>
[TestFixture]
public sealed class KdfTests
{
    private static readonly byte[] ZeroSalt = new byte[32];

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static byte[] Range(int first, int last) => Enumerable.Range(first, last - first + 1).Select(i => (byte)i).ToArray();

    /// <summary>RFC 5869 §2 written out with .NET's HMAC, for inputs .NET's HKDF refuses (an empty IKM on OpenSSL).</summary>
    private static byte[] RfcHkdf(byte[] ikm, byte[] salt, byte[] info, int length)
    {
        byte[] prk = HMACSHA256.HashData(salt.Length == 0 ? ZeroSalt : salt, ikm);
        var okm = new List<byte>();
        byte[] t = [];
        for (int i = 1; okm.Count < length; i++)
        {
            t = HMACSHA256.HashData(prk, (byte[])[.. t, .. info, (byte)i]);
            okm.AddRange(t);
        }

        return okm.Take(length).ToArray();
    }

    // ---- known answers ---------------------------------------------------------------------------------------------

    /// <summary>RFC 5869 Appendix A, test cases 1–3 (SHA-256): PRK and OKM.</summary>
    private static IEnumerable<TestCaseData> Rfc5869()
    {
        yield return new TestCaseData(
            Enumerable.Repeat((byte)0x0b, 22).ToArray(), Hex("000102030405060708090a0b0c"), Hex("f0f1f2f3f4f5f6f7f8f9"), 42,
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865").SetName("RFC 5869 test case 1 (basic)");
        yield return new TestCaseData(
            Range(0x00, 0x4f), Range(0x60, 0xaf), Range(0xb0, 0xff), 82,
            "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87").SetName("RFC 5869 test case 2 (80-byte inputs, 82-byte output)");
        yield return new TestCaseData(
            Enumerable.Repeat((byte)0x0b, 22).ToArray(), Array.Empty<byte>(), Array.Empty<byte>(), 42,
            "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8").SetName("RFC 5869 test case 3 (empty salt and info)");
    }

    [TestCaseSource(nameof(Rfc5869))]
    public void Hkdf_reproduces_the_RFC_5869_test_vectors(byte[] ikm, byte[] salt, byte[] info, int length, string prk, string okm)
    {
        byte[] actualPrk = new byte[32];
        HkdfSha256.Extract(salt, ikm, actualPrk);
        actualPrk.Should().Equal(Hex(prk));
        Kdf.Hkdf(ikm, salt, info, length).Should().Equal(Hex(okm));
    }

    /// <summary>RFC 4231 §4, HMAC-SHA-256 of test cases 1, 2, 4, 6 and 7 (6 and 7 have a 131-byte key, hashed first).</summary>
    private static IEnumerable<TestCaseData> Rfc4231()
    {
        yield return new TestCaseData(Enumerable.Repeat((byte)0x0b, 20).ToArray(), "Hi There"u8.ToArray(), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7").SetName("RFC 4231 test case 1");
        yield return new TestCaseData("Jefe"u8.ToArray(), "what do ya want for nothing?"u8.ToArray(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843").SetName("RFC 4231 test case 2 (short key)");
        yield return new TestCaseData(Range(0x01, 0x19), Enumerable.Repeat((byte)0xcd, 50).ToArray(), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b").SetName("RFC 4231 test case 4 (50-byte data)");
        yield return new TestCaseData(Enumerable.Repeat((byte)0xaa, 131).ToArray(), "Test Using Larger Than Block-Size Key - Hash Key First"u8.ToArray(), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54").SetName("RFC 4231 test case 6 (131-byte key)");
        yield return new TestCaseData(
            Enumerable.Repeat((byte)0xaa, 131).ToArray(),
            Encoding.ASCII.GetBytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2").SetName("RFC 4231 test case 7 (131-byte key, 152-byte data)");
    }

    [TestCaseSource(nameof(Rfc4231))]
    public void Hmac_reproduces_the_RFC_4231_test_vectors(byte[] key, byte[] data, string mac) =>
        Kdf.Hmac(key, data).Should().Equal(Hex(mac));

    [TestCase("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Sha256_reproduces_the_FIPS_180_2_examples(string message, string digest)
    {
        byte[] actual = new byte[32];
        Sha256Hasher.Hash(Encoding.ASCII.GetBytes(message), actual);
        actual.Should().Equal(Hex(digest));
    }

    [Test]
    public void Sha256_of_a_million_a_fed_in_uneven_pieces_reproduces_the_FIPS_180_2_example()
    {
        byte[] a = Enumerable.Repeat((byte)'a', 1_000_000).ToArray();
        Sha256Hasher hasher = Sha256Hasher.Create();
        int offset = 0;
        for (int piece = 1; offset < a.Length; piece = (piece * 7 % 131) + 1)
        {
            int n = Math.Min(piece, a.Length - offset);
            hasher.Append(a.AsSpan(offset, n));
            offset += n;
        }

        byte[] digest = new byte[32];
        hasher.Finish(digest);
        digest.Should().Equal(Hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }

    // ---- against .NET over random inputs ---------------------------------------------------------------------------

    [Test]
    public void Sha256_equals_dotnet_for_random_messages_split_at_random_points()
    {
        Gen.Select(Gen.Byte.Array[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000]).Sample(
            t =>
            {
                (byte[] message, int cut1, int cut2) = t;
                int a = Math.Min(cut1, cut2) % (message.Length + 1), b = Math.Max(cut1, cut2) % (message.Length + 1);
                (a, b) = (Math.Min(a, b), Math.Max(a, b));
                Sha256Hasher hasher = Sha256Hasher.Create();
                hasher.Append(message.AsSpan(0, a));
                hasher.Append(message.AsSpan(a, b - a));
                hasher.Append(message.AsSpan(b));
                byte[] digest = new byte[32];
                hasher.Finish(digest);
                return digest.AsSpan().SequenceEqual(SHA256.HashData(message));
            },
            iter: 2000);
    }

    [Test]
    public void Hmac_equals_HMACSHA256_for_random_keys_of_0_to_200_bytes_and_data_of_0_to_300_bytes()
    {
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Byte.Array[0, 300]).Sample(
            t => Kdf.Hmac(t.Item1, t.Item2).AsSpan().SequenceEqual(HMACSHA256.HashData(t.Item1, t.Item2)),
            iter: 3000);
    }

    /// <summary>Lengths: mostly 1..100, a share anywhere up to 255 × 32, and the block edges.</summary>
    private static readonly Gen<int> OutputLengths = Gen.OneOf(Gen.Int[1, 100], Gen.Int[1, HkdfSha256.MaxOutputLength], Gen.OneOf(new[] { 1, 31, 32, 33, 48, 64, 65, 8159, 8160 }.Select(Gen.Const).ToArray()));

    [Test]
    public void Hkdf_equals_dotnet_HKDF_for_random_ikm_salt_info_and_lengths()
    {
        Gen.Select(Gen.Byte.Array[1, 200], Gen.Byte.Array[0, 200], Gen.Byte.Array[0, 100], OutputLengths).Sample(
            t =>
            {
                (byte[] ikm, byte[] salt, byte[] info, int length) = t;
                byte[] expected = new byte[length];
                HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, expected, salt.Length == 0 ? ZeroSalt : salt, info);
                return Kdf.Hkdf(ikm, salt, info, length).AsSpan().SequenceEqual(expected);
            },
            iter: 2000,
            print: t => $"ikm {t.Item1.Length} B, salt {t.Item2.Length} B, info {t.Item3.Length} B, L {t.Item4}");
    }

    /// <summary>IKMs around and past <see cref="HkdfSha256.PlatformExtractFrom"/>, where the extract moves to the platform HMAC.</summary>
    [Test]
    public void Hkdf_equals_dotnet_HKDF_for_long_ikm_on_both_sides_of_the_platform_extract_threshold()
    {
        Gen<int> ikmLengths = Gen.OneOf(
            Gen.Int[HkdfSha256.PlatformExtractFrom - 70, HkdfSha256.PlatformExtractFrom + 70],
            Gen.Int[1, 8 * HkdfSha256.PlatformExtractFrom],
            Gen.Const(HkdfSha256.PlatformExtractFrom - 1),
            Gen.Const(HkdfSha256.PlatformExtractFrom));
        Gen.Select(ikmLengths.SelectMany(n => Gen.Byte.Array[n]), Gen.Byte.Array[0, 130], Gen.Byte.Array[0, 40], Gen.Int[1, 100]).Sample(
            t =>
            {
                (byte[] ikm, byte[] salt, byte[] info, int length) = t;
                byte[] expected = new byte[length];
                HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, expected, salt.Length == 0 ? ZeroSalt : salt, info);
                byte[] prk = new byte[32];
                HkdfSha256.Extract(salt, ikm, prk);
                return Kdf.Hkdf(ikm, salt, info, length).AsSpan().SequenceEqual(expected)
                    && prk.AsSpan().SequenceEqual(HMACSHA256.HashData(salt.Length == 0 ? ZeroSalt : salt, ikm));
            },
            iter: 400,
            print: t => $"ikm {t.Item1.Length} B, salt {t.Item2.Length} B, info {t.Item3.Length} B, L {t.Item4}");
    }

    [Test]
    public void Hkdf_with_an_empty_ikm_follows_RFC_5869_where_dotnet_refuses_it()
    {
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 50], OutputLengths).Sample(
            t => Kdf.Hkdf([], t.Item1, t.Item2, t.Item3).AsSpan().SequenceEqual(RfcHkdf([], t.Item1, t.Item2, t.Item3)),
            iter: 200);
    }

    [Test]
    public void An_empty_salt_is_the_32_zero_byte_salt()
    {
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 40]).Sample(
            t => Kdf.Hkdf(t.Item1, [], t.Item2, 80).AsSpan().SequenceEqual(Kdf.Hkdf(t.Item1, ZeroSalt, t.Item2, 80)) &&
                 Kdf.Hkdf(t.Item1, [], t.Item2, 80).AsSpan().SequenceEqual(RfcHkdf(t.Item1, ZeroSalt, t.Item2, 80)),
            iter: 300);
    }

    // ---- the protocol's hot paths ----------------------------------------------------------------------------------

    [Test]
    public void The_message_key_chain_step_and_ratchet_step_equal_their_dotnet_definitions()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32], Gen.Byte.Array[32, 1600]).Sample(
            t =>
            {
                (byte[] chainKey, byte[] rootKey, byte[] secret) = t;
                byte[] mk = new byte[48];
                HKDF.DeriveKey(HashAlgorithmName.SHA256, chainKey, mk, ZeroSalt, "MessageKeys"u8);
                byte[] ratchet = new byte[64];
                HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, ratchet, rootKey, "RATCHET"u8);

                using MessageKey messageKey = MessageKey.FromChainKey(chainKey);
                return messageKey.Bytes.SequenceEqual(mk) &&
                       ChainKey.Create(7, chainKey).Next().Key.SequenceEqual(HMACSHA256.HashData(chainKey, (byte[])[0x02])) &&
                       Kdf.Hkdf(secret, rootKey, Kdf.Labels.Ratchet, 64).AsSpan().SequenceEqual(ratchet);
            },
            iter: 1000);
    }

    [Test]
    public void Hkdf_output_may_overlap_its_inputs()
    {
        Gen.Select(Gen.Byte.Array[100], Gen.Int[0, 40], Gen.Int[1, 60], Gen.Int[0, 40]).Sample(
            t =>
            {
                (byte[] buffer, int infoStart, int length, int outputStart) = t;
                byte[] ikm = buffer[..32], salt = buffer[32..48], info = buffer.AsSpan(infoStart, 20).ToArray();
                byte[] expected = Kdf.Hkdf(ikm, salt, info, length);
                Kdf.Hkdf(buffer.AsSpan(0, 32), buffer.AsSpan(32, 16), buffer.AsSpan(infoStart, 20), buffer.AsSpan(outputStart, length));
                return buffer.AsSpan(outputStart, length).SequenceEqual(expected);
            },
            iter: 300);
    }

    // ---- misuse ----------------------------------------------------------------------------------------------------

    [Test]
    public void Output_lengths_outside_1_to_8160_and_short_mac_buffers_are_argument_errors_as_with_dotnet()
    {
        byte[] ikm = new byte[32];
        Action empty = () => Kdf.Hkdf(ikm, [], "x"u8, Span<byte>.Empty);
        empty.Should().Throw<ArgumentException>();
        Action tooLong = () => Kdf.Hkdf(ikm, [], "x"u8, new byte[HkdfSha256.MaxOutputLength + 1]);
        tooLong.Should().Throw<ArgumentException>();
        Kdf.Hkdf(ikm, [], "x"u8, HkdfSha256.MaxOutputLength).Should().HaveCount(HkdfSha256.MaxOutputLength);
        Action shortMac = () => Kdf.Hmac(ikm, "x"u8, new byte[31]);
        shortMac.Should().Throw<ArgumentException>();

        byte[] wide = Enumerable.Repeat((byte)0xEE, 40).ToArray();
        Kdf.Hmac(ikm, "x"u8, wide);
        wide.AsSpan(0, 32).ToArray().Should().Equal(HMACSHA256.HashData(ikm, "x"u8));
        wide.AsSpan(32).ToArray().Should().OnlyContain(b => b == 0xEE, "only the first 32 bytes are written");
    }
}

using System.Security.Cryptography;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Tests.Support;

namespace E2eeConformance.SenderKeys.Tests.Crypto;

/// <summary>Known answers from public standards for the primitives seed 004 names (P-256 ECDH, HKDF-SHA-256), and point validation.</summary>
public sealed class PrimitiveKnownAnswerTests
{
    [Test]
    public void P256_public_key_from_the_RFC_6979_A_2_5_private_key()
    {
        P256Identity id = P256Identity.FromScalar(Convert.FromHexString("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"));

        id.PublicKey.ToHex().Should().Be("04" + "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6" + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
    }

    [Test]
    public void P256_ECDH_of_RFC_5903_section_8_1_agrees_on_both_sides()
    {
        P256Identity i = P256Identity.FromScalar(Convert.FromHexString("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433"));
        P256Identity r = P256Identity.FromScalar(Convert.FromHexString("C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53"));

        i.PublicKey.ToHex().Should().StartWith("04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180");
        r.PublicKey.ToHex().Should().StartWith("04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63");
        Convert.ToHexStringLower(i.Agree(r.PublicKey)).Should().Be("d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de");
        Convert.ToHexStringLower(r.Agree(i.PublicKey)).Should().Be("d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de");
    }

    [Test]
    public void HKDF_SHA256_of_RFC_5869_test_case_1()
    {
        byte[] okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, Enumerable.Repeat((byte)0x0b, 22).ToArray(), 42,
            Convert.FromHexString("000102030405060708090a0b0c"), Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9"));

        Convert.ToHexStringLower(okm).Should().Be("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    [Test]
    public void A_point_off_the_curve_is_refused_as_invalid_point()
    {
        byte[] good = P256Identity.Generate(new LabelledStream("off curve")).PublicKey.Encoded.ToArray();
        byte[] bad = [.. good];
        bad[64] ^= 1; // y + 1 (or − 1): not on the curve

        P256PublicKey.Parse(good).Encoded.ToArray().Should().Equal(good);
        Refusal.Expect(() => P256PublicKey.Parse(bad), SenderKeyErrorCode.InvalidPoint);
    }

    [TestCase("00", SenderKeyErrorCode.Malformed)]
    [TestCase("04", SenderKeyErrorCode.Malformed)]
    public void Short_encodings_are_malformed(string hex, SenderKeyErrorCode code) =>
        Refusal.Expect(() => P256PublicKey.Parse(Convert.FromHexString(hex)), code);

    [Test]
    public void A_compressed_or_zero_point_is_refused_as_invalid_point()
    {
        byte[] compressed = [0x02, .. new byte[64]];
        byte[] zeros = [0x04, .. new byte[64]];

        Refusal.Expect(() => P256PublicKey.Parse(compressed), SenderKeyErrorCode.InvalidPoint);
        Refusal.Expect(() => P256PublicKey.Parse(zeros), SenderKeyErrorCode.InvalidPoint);
    }

    [Test]
    public void The_same_random_stream_gives_the_same_identity_and_it_never_prints_its_scalar()
    {
        P256Identity a = P256Identity.Generate(new LabelledStream("identity"));
        P256Identity b = P256Identity.Generate(new LabelledStream("identity"));

        a.PublicKey.Should().Be(b.PublicKey);
        a.ToString().Should().StartWith("P256Identity(P256PublicKey(").And.HaveLength(a.ToString().Length);
        a.ToString().Should().NotContain(a.PublicKey.ToHex()[20..]);
    }

    [Test]
    public void A_tampered_sealed_payload_fails_its_tag_and_a_truncated_one_is_malformed()
    {
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        byte[] sealedText = Aead.Seal(key, nonce, [1, 2], "hello"u8);

        Aead.Open(key, nonce, [1, 2], sealedText).Should().Equal("hello"u8.ToArray());
        Refusal.Expect(() => Aead.Open(key, nonce, [1, 3], sealedText), SenderKeyErrorCode.BadTag);
        sealedText[0] ^= 0x80;
        Refusal.Expect(() => Aead.Open(key, nonce, [1, 2], sealedText), SenderKeyErrorCode.BadTag);
        Refusal.Expect(() => Aead.Open(key, nonce, [1, 2], sealedText.AsSpan(0, 15)), SenderKeyErrorCode.Malformed);
    }
}

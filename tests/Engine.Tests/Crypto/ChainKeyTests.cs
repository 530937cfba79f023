using System.Security.Cryptography;
using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// <see cref="ChainKey"/> as a secret with one owner (the ownership rule of <see cref="SecretBytes"/>): it copies what
/// it is given, hands out copies only on <see cref="ChainKey.ToArray"/>, derives <see cref="ChainKey.Next"/> and
/// <see cref="ChainKey.MessageKey"/> per REFERENCE-BEHAVIOUR §10 and §12 (checked against .NET's HMAC and HKDF), and
/// zeroes its bytes on dispose without touching the keys derived from it or the key it came from.
/// </summary>
[TestFixture]
public sealed class ChainKeyTests
{
    private static byte[] SampleKey(byte seed = 0x3C) => Enumerable.Range(0, 32).Select(i => (byte)(seed ^ (i * 7))).ToArray();

    private static byte[] ReferenceNext(byte[] key) => HMACSHA256.HashData(key, (byte[])[0x02]);

    [Test]
    public void Create_copies_the_key_so_changing_or_wiping_the_source_leaves_the_chain_key_as_it_was()
    {
        byte[] source = SampleKey();
        byte[] expected = (byte[])source.Clone();
        ChainKey chain = ChainKey.Create(4, source);

        source[0] ^= 0xFF;
        chain.Key.ToArray().Should().Equal(expected);
        CryptographicOperations.ZeroMemory(source);
        chain.Key.ToArray().Should().Equal(expected);
    }

    [Test]
    public void ToArray_returns_a_copy_the_caller_can_wipe_without_touching_the_chain_key()
    {
        byte[] key = SampleKey();
        ChainKey chain = ChainKey.Create(0, key);

        byte[] copy = chain.ToArray();
        copy.Should().Equal(key);
        CryptographicOperations.ZeroMemory(copy);

        chain.Key.ToArray().Should().Equal(key);
        chain.ToArray().Should().NotBeSameAs(chain.ToArray());
    }

    [Test]
    public void Next_is_HMAC_SHA256_of_the_key_and_0x02_at_the_next_index_and_leaves_the_original_unchanged()
    {
        byte[] key = SampleKey();
        ChainKey chain = ChainKey.Create(9, key);

        ChainKey next = chain.Next();

        next.Index.Should().Be(10u);
        next.Key.ToArray().Should().Equal(ReferenceNext(key));
        chain.Index.Should().Be(9u);
        chain.Key.ToArray().Should().Equal(key);
    }

    [Test]
    public void Ten_Next_steps_match_HMAC_applied_ten_times()
    {
        byte[] expected = SampleKey(0x91);
        ChainKey chain = ChainKey.Create(0, expected);
        for (int i = 0; i < 10; i++)
        {
            expected = ReferenceNext(expected);
            chain = chain.Next();
        }

        chain.Index.Should().Be(10u);
        chain.Key.ToArray().Should().Equal(expected);
    }

    [Test]
    public void MessageKey_is_HKDF_of_the_chain_key_with_a_zero_salt_and_the_MessageKeys_label()
    {
        byte[] key = SampleKey();
        ChainKey chain = ChainKey.Create(2, key);
        byte[] expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 48, new byte[32], "MessageKeys"u8.ToArray());

        using MessageKey mk = chain.MessageKey();

        mk.Bytes.ToArray().Should().Equal(expected);
        chain.Key.ToArray().Should().Equal(key, "deriving the message key reads the chain key in place");
    }

    [Test]
    public void Dispose_zeroes_the_key_bytes()
    {
        ChainKey chain = ChainKey.Create(1, SampleKey());

        chain.Dispose();

        chain.Key.ToArray().Should().HaveCount(32).And.OnlyContain(b => b == 0);
        chain.ToArray().Should().OnlyContain(b => b == 0);
    }

    [Test]
    public void Disposing_a_derived_key_leaves_the_key_it_came_from_intact_and_the_other_way_round()
    {
        byte[] key = SampleKey();
        ChainKey chain = ChainKey.Create(0, key);
        ChainKey next = chain.Next();
        ChainKey afterNext = next.Next();

        next.Dispose();
        chain.Key.ToArray().Should().Equal(key);
        afterNext.Key.ToArray().Should().Equal(ReferenceNext(ReferenceNext(key)));

        chain.Dispose();
        afterNext.Key.ToArray().Should().Equal(ReferenceNext(ReferenceNext(key)));
    }

    [Test]
    public void Next_at_the_largest_index_throws_OverflowException()
    {
        ChainKey last = ChainKey.Create(uint.MaxValue, SampleKey());

        last.Invoking(c => c.Next()).Should().Throw<OverflowException>();
        last.Key.ToArray().Should().Equal(SampleKey(), "a refused step leaves the key as it was");
    }

    [Test]
    public void Create_refuses_a_key_that_is_not_32_bytes()
    {
        FluentActions.Invoking(() => ChainKey.Create(0, new byte[31])).Should().Throw<ArgumentException>().WithParameterName("key");
        FluentActions.Invoking(() => ChainKey.Create(0, new byte[33])).Should().Throw<ArgumentException>().WithParameterName("key");
    }

    [Test]
    public void Chain_keys_are_equal_exactly_when_index_and_bytes_are_equal_and_hash_at_any_index()
    {
        byte[] key = SampleKey();
        ChainKey chain = ChainKey.Create(uint.MaxValue, key);

        chain.Should().Be(ChainKey.Create(uint.MaxValue, key));
        chain.Should().NotBe(ChainKey.Create(uint.MaxValue - 1, key));
        chain.Should().NotBe(ChainKey.Create(uint.MaxValue, SampleKey(0x3D)));
        chain.GetHashCode().Should().Be(ChainKey.Create(uint.MaxValue, key).GetHashCode());
    }

    [Test]
    public void ToString_shows_the_index_and_a_fingerprint_but_no_key_byte_run()
    {
        byte[] key = SampleKey();
        ChainKey chain = ChainKey.Create(5, key);

        string printed = chain.ToString();

        printed.Should().StartWith("ChainKey(index 5, secret[32]#");
        string hex = Convert.ToHexStringLower(key);
        for (int i = 0; i + 4 <= key.Length; i++)
        {
            printed.Should().NotContainEquivalentOf(hex.Substring(2 * i, 8), "no 4-byte run of the key may be printed");
        }
    }
}

using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The bounded cache of decoded public keys: found by content (never by array identity), a key differing in one bit is
/// another entry, the kept encoding is its own copy, the least recently used entry goes first, a failed decoding keeps
/// nothing, and concurrent callers share one decoded object per key.
/// </summary>
[TestFixture]
public sealed class PublicKeyCacheTests
{
    private sealed class Decoded(byte[] encoding)
    {
        public byte[] Encoding { get; } = (byte[])encoding.Clone();
    }

    private sealed class CountingDecoder
    {
        public int Calls { get; private set; }

        public Decoded Decode(byte[] encoding)
        {
            Calls++;
            return new Decoded(encoding);
        }
    }

    private static byte[] Key(int i, int length = 64)
    {
        byte[] key = new byte[length];
        new Random(i).NextBytes(key);
        return key;
    }

    [Test]
    public void Equal_bytes_in_different_arrays_find_the_same_decoded_key_and_a_one_bit_change_does_not()
    {
        var cache = new PublicKeyCache<Decoded>(8);
        var decoder = new CountingDecoder();
        byte[] key = Key(1);
        byte[] flipped = (byte[])key.Clone();
        flipped[63] ^= 0x80;

        Decoded first = cache.GetOrAdd(key, decoder.Decode);
        Decoded again = cache.GetOrAdd((byte[])key.Clone(), decoder.Decode);
        Decoded other = cache.GetOrAdd(flipped, decoder.Decode);

        again.Should().BeSameAs(first);
        other.Should().NotBeSameAs(first);
        other.Encoding.Should().Equal(flipped);
        first.Encoding.Should().Equal(key);
        decoder.Calls.Should().Be(2);
        cache.Count.Should().Be(2);
    }

    [Test]
    public void The_cache_keeps_its_own_copy_of_the_encoding()
    {
        var cache = new PublicKeyCache<Decoded>(8);
        var decoder = new CountingDecoder();
        byte[] key = Key(2);
        byte[] original = (byte[])key.Clone();
        Decoded first = cache.GetOrAdd(key, decoder.Decode);

        key[0] ^= 1; // the caller reuses its buffer

        cache.GetOrAdd(original, decoder.Decode).Should().BeSameAs(first);
        cache.GetOrAdd(key, decoder.Decode).Should().NotBeSameAs(first);
        decoder.Calls.Should().Be(2);
    }

    [Test]
    public void Past_the_capacity_the_least_recently_used_key_is_dropped()
    {
        const int Capacity = 4;
        var cache = new PublicKeyCache<Decoded>(Capacity);
        var decoder = new CountingDecoder();
        Decoded[] kept = [.. Enumerable.Range(0, Capacity).Select(i => cache.GetOrAdd(Key(i), decoder.Decode))];
        cache.GetOrAdd(Key(0), decoder.Decode).Should().BeSameAs(kept[0]); // key 0 used again: key 1 is now the oldest

        cache.GetOrAdd(Key(100), decoder.Decode);

        cache.Count.Should().Be(Capacity);
        decoder.Calls.Should().Be(Capacity + 1);
        cache.GetOrAdd(Key(0), decoder.Decode).Should().BeSameAs(kept[0]);
        cache.GetOrAdd(Key(2), decoder.Decode).Should().BeSameAs(kept[2]);
        cache.GetOrAdd(Key(3), decoder.Decode).Should().BeSameAs(kept[3]);
        decoder.Calls.Should().Be(Capacity + 1);
        cache.GetOrAdd(Key(1), decoder.Decode).Should().NotBeSameAs(kept[1], "key 1 was dropped and is decoded again");
        decoder.Calls.Should().Be(Capacity + 2);
        cache.Count.Should().Be(Capacity);
    }

    [Test]
    public void A_decoding_error_propagates_and_keeps_nothing()
    {
        var cache = new PublicKeyCache<Decoded>(4);
        var decoder = new CountingDecoder();

        Action failing = () => cache.GetOrAdd(Key(5), _ => throw new ArgumentException("not a key"));

        failing.Should().Throw<ArgumentException>().WithMessage("not a key");
        cache.Count.Should().Be(0);
        cache.GetOrAdd(Key(5), decoder.Decode).Encoding.Should().Equal(Key(5));
        decoder.Calls.Should().Be(1);
    }

    [Test]
    public void Concurrent_callers_share_one_decoded_object_per_key_and_never_exceed_the_capacity()
    {
        const int Keys = 16;
        var cache = new PublicKeyCache<Decoded>(Keys);
        byte[][] keys = [.. Enumerable.Range(0, Keys).Select(i => Key(i, 2592))];
        var seen = new Decoded[4][];

        Parallel.For(0, 4, worker =>
        {
            seen[worker] = new Decoded[Keys];
            for (int round = 0; round < 200; round++)
            {
                int k = (round * 7 + worker) % Keys;
                Decoded decoded = cache.GetOrAdd(keys[k], e => new Decoded(e));
                decoded.Encoding.Should().Equal(keys[k]);
                seen[worker][k] ??= decoded;
                decoded.Should().BeSameAs(seen[worker][k]);
            }
        });

        cache.Count.Should().Be(Keys);
        for (int k = 0; k < Keys; k++)
        {
            seen.Select(s => s[k]).Distinct().Should().ContainSingle($"key {k}");
        }

        var small = new PublicKeyCache<Decoded>(3);
        Parallel.For(0, 400, i => small.GetOrAdd(keys[i % Keys], e => new Decoded(e)).Encoding.Should().Equal(keys[i % Keys]));
        small.Count.Should().Be(3);
    }

    [Test]
    public void A_capacity_below_one_is_refused() =>
        FluentActions.Invoking(() => new PublicKeyCache<Decoded>(0)).Should().Throw<ArgumentOutOfRangeException>();
}

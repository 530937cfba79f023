using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using Google.Protobuf;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// ML-KEM one-time pre-keys kept as their seeds (issue 17): the same keys as generated whole from the same random
/// bytes, stored as the seed alone, read back from both the seed form and the older whole-pair form, refused when
/// malformed, and a PQC device state that stays small.
/// </summary>
[TestFixture]
public sealed class OneTimePreKeySeedTests
{
    private static readonly CipherSuite[] PqcSuites = CipherSuite.Named.Where(s => s.Kem is MlKem).ToArray();

    private static IEnumerable<CipherSuite> Pqc() => PqcSuites;

    [TestCaseSource(nameof(Pqc))]
    public void A_seeded_key_is_the_pair_generation_gives_from_the_same_bytes(CipherSuite suite)
    {
        var seeded = new ReferenceStreamRandom($"opk seed/{suite.Name}");
        var whole = new ReferenceStreamRandom($"opk seed/{suite.Name}");
        for (uint id = 1; id <= 5; id++)
        {
            OneTimePreKey key = OneTimePreKey.Generate(id, suite.Kem, seeded);
            KeyPair pair = suite.Kem.GenerateKeyPair(whole);
            key.Seed.Should().NotBeNull();
            key.KeyPair.PublicKey.Should().Equal(pair.PublicKey);
            key.KeyPair.PrivateKey.Span.ToArray().Should().Equal(pair.PrivateKey.Span.ToArray());
            key.ToPublicWire().PublicKey.ToByteArray().Should().Equal(pair.PublicKey);
            seeded.Position.Should().Be(whole.Position, "a seed is exactly the bytes key generation draws");
        }
    }

    [Test]
    public void An_X25519_key_is_kept_whole() =>
        OneTimePreKey.Generate(1, CipherSuite.Ecc.Kem, new ReferenceStreamRandom("opk ecc")).Seed.Should().BeNull();

    [TestCaseSource(nameof(Pqc))]
    public void A_seeded_key_decapsulates_what_was_encapsulated_to_it_and_prints_no_secret(CipherSuite suite)
    {
        var random = new ReferenceStreamRandom($"opk decaps/{suite.Name}");
        OneTimePreKey key = OneTimePreKey.Generate(7, suite.Kem, random);
        KemEncapsulation sent = suite.Kem.Encapsulate(key.KeyPair.PublicKey, random);
        key.Decapsulate(suite.Kem, sent.Ciphertext, out byte[] publicKey).Span.ToArray().Should().Equal(sent.SharedSecret.Span.ToArray());
        publicKey.Should().Equal(key.PublicKey).And.Equal(key.KeyPair.PublicKey);
        key.Seed!.Span.ToArray().Should().NotBeEmpty("the seed survives the wipe of the derived pair");
        key.ToString().Should().Contain("not shown").And.NotContain(Convert.ToHexStringLower(key.Seed.Span[..4]));
    }

    [TestCaseSource(nameof(Pqc))]
    public void The_codec_stores_the_seed_alone_and_reads_it_back(CipherSuite suite)
    {
        DeviceState state = DeviceStateSamples.Typical(suite);
        state.Account.OneTimePreKeys.Should().OnlyContain(k => k.Seed != null);
        byte[] encoded = DeviceStateCodec.Encode(state);
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(encoded);
        stored.Account.OneTimePreKeys.Should().OnlyContain(k => k.KeyPair == null && k.Seed.Length == MlKem.KeyGenRandomLength);

        DeviceState decoded = DeviceStateCodec.Decode(encoded);
        decoded.Account.OneTimePreKeys.Select(k => (k.Id, k.Used, Seed: Convert.ToHexString(k.Seed!.Span)))
            .Should().Equal(state.Account.OneTimePreKeys.Select(k => (k.Id, k.Used, Seed: Convert.ToHexString(k.Seed!.Span))));
        DeviceStateCodec.Encode(decoded).Should().Equal(encoded);
    }

    [TestCaseSource(nameof(Pqc))]
    public void A_state_written_with_whole_pairs_reads_as_before(CipherSuite suite)
    {
        DeviceState state = DeviceStateSamples.Typical(suite);
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(state));
        foreach ((StoredOneTimePreKey storedKey, OneTimePreKey key) in stored.Account.OneTimePreKeys.Zip(state.Account.OneTimePreKeys))
        {
            KeyPair pair = key.KeyPair;
            storedKey.Seed = ByteString.Empty;
            storedKey.KeyPair = new StoredKeyPair { PublicKey = ByteString.CopyFrom(pair.PublicKey), PrivateKey = ByteString.CopyFrom(pair.PrivateKey.Span) };
        }

        DeviceState old = DeviceStateCodec.Decode(stored.ToByteArray());
        old.Account.OneTimePreKeys.Select(k => Convert.ToHexString(k.KeyPair.PrivateKey.Span))
            .Should().Equal(state.Account.OneTimePreKeys.Select(k => Convert.ToHexString(k.KeyPair.PrivateKey.Span)));
        old.Account.OneTimePreKeys.Should().OnlyContain(k => k.Seed == null, "a key read whole stays whole");
    }

    [Test]
    public void A_malformed_seed_is_refused_as_malformed()
    {
        CipherSuite pqc = PqcSuites[0];
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(DeviceStateSamples.Typical(pqc)));
        StoredOneTimePreKey first = stored.Account.OneTimePreKeys[0];

        first.Seed = ByteString.CopyFrom(new byte[63]);
        Refused(stored.ToByteArray(), "seed of 63 bytes");

        first.Seed = ByteString.CopyFrom(new byte[64]);
        first.KeyPair = new StoredKeyPair { PublicKey = ByteString.CopyFrom(new byte[1]), PrivateKey = ByteString.CopyFrom(new byte[1]) };
        Refused(stored.ToByteArray(), "seed and a key pair");

        StoredDeviceState ecc = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(DeviceStateSamples.Typical(CipherSuite.Ecc)));
        ecc.Account.OneTimePreKeys[0].Seed = ByteString.CopyFrom(new byte[64]);
        ecc.Account.OneTimePreKeys[0].KeyPair = null;
        Refused(ecc.ToByteArray(), "a seed for X25519");
    }

    private static void Refused(byte[] bytes, string what) =>
        FluentActions.Invoking(() => DeviceStateCodec.Decode(bytes)).Should().Throw<ProtocolException>(what)
            .Where(e => e.Code == ProtocolErrorCode.MalformedMessage);

    [Test]
    public void A_registered_PQC_device_with_a_hundred_one_time_pre_keys_stays_under_200_KB()
    {
        var random = new ReferenceStreamRandom("opk size");
        CipherSuite pqc = CipherSuite.Pqc;
        Account account = Account.Create(pqc, random, 0);
        account.OneTimePreKeys.Should().HaveCount(100);
        DeviceState state = DeviceStateSamples.Typical(pqc) with { Account = account };
        int size = DeviceStateCodec.Encode(state).Length;
        size.Should().BeLessThan(200 * 1024, "issue 17: a PQC device's state ≤ 200 KB");
        TestContext.Out.WriteLine($"PQC device state with 100 one-time pre-keys: {size:N0} bytes");
    }
}

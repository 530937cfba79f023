using System.Collections.Immutable;
using Google.Protobuf;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// Hostile input is safe: truncations, byte flips, junk and structurally wrong snapshots give a state or a
/// <see cref="ProtocolException"/> with <c>malformed_message</c>, never anything else.
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(DeviceStateCodecFixture.Suites))]
public sealed class DeviceStateCodecHostileInputTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
    /// <summary>The sample with only 3 one-time pre-keys, so that every prefix can be tried quickly.</summary>
    private DeviceState Compact()
    {
        DeviceState state = Sample("compact").State;
        return state with { Account = state.Account with { OneTimePreKeys = state.Account.OneTimePreKeys.RemoveRange(3, state.Account.OneTimePreKeys.Count - 3) } };
    }

    private static bool DecodesOrRejects(byte[] bytes, out Exception? other)
    {
        other = null;
        try
        {
            DeviceState decoded = DeviceStateCodec.Decode(bytes);
            _ = DeviceStateCodec.Encode(decoded); // what decodes is a state that encodes again
            return true;
        }
        catch (ProtocolException e) when (e.Code == ProtocolErrorCode.MalformedMessage)
        {
            return false;
        }
        catch (Exception e)
        {
            other = e;
            return false;
        }
    }

    [Test]
    public void Every_truncated_prefix_decodes_to_a_state_or_is_rejected_as_malformed()
    {
        byte[] encoded = DeviceStateCodec.Encode(Compact());
        int decoded = 0;
        var others = new List<string>();
        for (int length = 0; length < encoded.Length; length++)
        {
            if (DecodesOrRejects(encoded[..length], out Exception? other))
            {
                decoded++;
            }
            else if (other is not null && others.Count < 5)
            {
                others.Add($"prefix {length}: {other.GetType().Name}: {other.Message}");
            }
        }

        others.Should().BeEmpty();
        TestContext.Out.WriteLine($"{encoded.Length} prefixes: {decoded} decoded to a state, the rest rejected as malformed_message");
        decoded.Should().BeLessThan(encoded.Length / 10, "most prefixes cut a required part");
    }

    [Test]
    public void Random_byte_flips_decode_to_a_state_or_are_rejected_as_malformed()
    {
        byte[] encoded = DeviceStateCodec.Encode(Compact());
        var random = new Random(20_250_101);
        int decoded = 0;
        var others = new List<string>();
        const int Trials = 3000;
        for (int trial = 0; trial < Trials; trial++)
        {
            byte[] copy = (byte[])encoded.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                int at = random.Next(copy.Length);
                copy[at] = random.Next(2) == 0 ? (byte)(copy[at] ^ (1 << random.Next(8))) : (byte)random.Next(256);
            }

            if (DecodesOrRejects(copy, out Exception? other))
            {
                decoded++;
            }
            else if (other is not null && others.Count < 5)
            {
                others.Add($"trial {trial}: {other.GetType().Name}: {other.Message}");
            }
        }

        others.Should().BeEmpty();
        TestContext.Out.WriteLine($"{Trials} corrupted copies: {decoded} decoded to a state, {Trials - decoded} rejected as malformed_message");
    }

    [Test]
    public void Junk_is_rejected_as_malformed()
    {
        var random = new Random(7);
        for (int i = 0; i < 500; i++)
        {
            byte[] junk = new byte[random.Next(0, 200)];
            random.NextBytes(junk);
            DecodesOrRejects(junk, out Exception? other);
            other.Should().BeNull();
        }
    }

    [Test]
    public void An_unknown_format_version_is_rejected()
    {
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(DeviceStateSamples.Typical(Suite)));
        stored.FormatVersion.Should().Be(DeviceStateCodec.FormatVersion);
        stored.FormatVersion = 2;

        Action decode = () => DeviceStateCodec.Decode(stored.ToByteArray());

        decode.Should().Throw<ProtocolException>()
            .Where(e => e.Code == ProtocolErrorCode.MalformedMessage && e.Message.Contains("format version 2 is not supported", StringComparison.Ordinal));
    }

    [Test]
    public void A_snapshot_without_a_format_version_is_rejected()
    {
        Action empty = () => DeviceStateCodec.Decode([]);
        empty.Should().Throw<ProtocolException>().Where(e => e.Code == ProtocolErrorCode.MalformedMessage && e.Message.Contains("no format version", StringComparison.Ordinal));
    }

    private static IEnumerable<TestCaseData> Corruptions()
    {
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.PackId = 0x00ff_0001), "unsupported suite").SetName("an unsupported suite");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Account.PackId = 0x0700_0001), "unsupported suite").SetName("an unsupported account suite");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Account = null), "account is missing").SetName("no account");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Account.SignedPreKeys.Clear()), "no signed pre-key").SetName("no signed pre-key");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Address = null), "device address is missing").SetName("no address");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Peers.Add(s.Peers[0].Clone())), "appears twice").SetName("a peer twice");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Peers[0].Value.Sessions[0].Established.Sender.ChainKey.Key = ByteString.CopyFrom(new byte[31])), "chain key is 31 bytes").SetName("a short chain key");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Peers[0].Value.Sessions[0].ClearState()), "neither established nor awaiting").SetName("a session without state");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Outbox.Add(new StoredOutboxItem { Kind = 99 })), "kind 99 is unknown").SetName("an unknown outbox kind");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Outbox.Add(new StoredOutboxItem { Kind = (int)RequestType.RegisterUser })), "kind 8 is unknown").SetName("a request a device never queues");
    }

    [TestCaseSource(nameof(Corruptions))]
    public void Structurally_wrong_snapshots_are_rejected_as_malformed(Action<StoredDeviceState> corrupt, string expected)
    {
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(DeviceStateSamples.Typical(Suite)));
        corrupt(stored);

        Action decode = () => DeviceStateCodec.Decode(stored.ToByteArray());

        decode.Should().Throw<ProtocolException>().Where(e => e.Code == ProtocolErrorCode.MalformedMessage && e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Test]
    public void A_string_that_is_not_utf8_is_rejected_as_malformed()
    {
        // Token "abc" with its bytes replaced by an invalid UTF-8 sequence of the same length.
        byte[] encoded = DeviceStateCodec.Encode(DeviceStateSamples.Typical(Suite) with { Token = "\u0001\u0002\u0003" });
        int at = encoded.AsSpan().IndexOf("\u0001\u0002\u0003"u8);
        at.Should().BePositive();
        encoded[at] = 0xC3;
        encoded[at + 1] = 0x28;

        Action decode = () => DeviceStateCodec.Decode(encoded);

        decode.Should().Throw<ProtocolException>().Where(e => e.Code == ProtocolErrorCode.MalformedMessage);
    }
}

using System.Reflection;
using E2eeConformance.Engine.Client;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// The split snapshot a store writes (account part and the rest) reads back as the whole state, and the codec keeps
/// nothing of what it encoded: no static field, so no serialized private key outlives the call.
/// </summary>
[TestFixture("ecc")]
[TestFixture("pqc")]
public sealed class DeviceStateCodecSplitTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    [Test]
    public void The_account_part_and_the_rest_decode_to_the_same_state_as_the_whole_snapshot()
    {
        DeviceState state = DeviceStateSamples.Rich(Suite, nameof(DeviceStateCodecSplitTests)).State;

        DeviceState restored = DeviceStateCodec.DecodeSplit(DeviceStateCodec.EncodeAccount(state.Account), DeviceStateCodec.EncodeWithoutAccount(state));

        DeviceStateCodec.Encode(restored).Should().Equal(DeviceStateCodec.Encode(state));
    }

    [Test]
    public void Encoding_an_account_twice_gives_equal_bytes_in_separate_buffers()
    {
        DeviceState state = DeviceStateSamples.Rich(Suite, nameof(DeviceStateCodecSplitTests)).State;

        byte[] first = DeviceStateCodec.EncodeAccount(state.Account);
        byte[] second = DeviceStateCodec.EncodeAccount(state.Account);

        second.Should().Equal(first);
        second.Should().NotBeSameAs(first, "a caller wipes its buffer after writing it, so the codec must not hand out a shared one");
    }

    [Test]
    public void The_codec_holds_no_static_data()
    {
        const BindingFlags Statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

        typeof(DeviceStateCodec).GetFields(Statics).Where(f => !f.IsLiteral).Select(f => f.Name)
            .Should().BeEmpty("serialized accounts hold private keys, which must not stay in static memory");
    }
}

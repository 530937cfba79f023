using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using Google.Protobuf;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// A deviant device's <see cref="DeviceState.Deviations"/> are saved (field 16 of the snapshot), so a restored device stays
/// deviant; our devices' snapshots do not change, and one written before the field existed reads as none.
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(Suites))]
public sealed class DeviceStateCodecDeviationsTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
    [Test]
    public void Deviations_survive_a_round_trip_and_a_split_snapshot()
    {
        DeviceState deviant = Sample().State with { Deviations = ProtocolDeviationNames.Known };

        RoundTrip(deviant).Deviations.Should().Be(ProtocolDeviationNames.Known);
        DeviceStateCodec.DecodeSplit(DeviceStateCodec.EncodeAccount(deviant.Account), DeviceStateCodec.EncodeWithoutAccount(deviant)).Deviations
            .Should().Be(ProtocolDeviationNames.Known);
        SameState(RoundTrip(deviant), deviant, "the deviations are lossless");
    }

    [Test]
    public void A_device_without_deviations_writes_no_field_and_the_same_bytes_as_before()
    {
        DeviceState ours = Sample().State;
        byte[] bytes = DeviceStateCodec.Encode(ours);

        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(bytes);
        stored.Deviations.Should().Be(0u);
        byte[] deviant = DeviceStateCodec.Encode(ours with { Deviations = ProtocolDeviations.NoChainLimit });
        deviant.Length.Should().Be(bytes.Length + 3, "field 16 (a two-byte tag) with a one-byte value is the only difference");
    }

    [Test]
    public void A_snapshot_written_before_deviations_existed_reads_as_none()
    {
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(Sample().State with { Deviations = ProtocolDeviations.PhantomSkippedKeys }));
        stored.Deviations = 0;

        DeviceStateCodec.Decode(stored.ToByteArray()).Deviations.Should().Be(ProtocolDeviations.None);
    }

    [Test]
    public void Unknown_deviation_bits_are_a_malformed_snapshot()
    {
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(Sample().State));
        stored.Deviations = 0x40;

        Action decode = () => DeviceStateCodec.Decode(stored.ToByteArray());

        decode.Should().Throw<ProtocolException>().Which.Code.Should().Be(ProtocolErrorCode.MalformedMessage);
    }
}

using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Tests.Client.Core;
using E2eeConformance.Engine.Tests.Support;
using Google.Protobuf;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// The messages a device holds until the gap before them narrows (<see cref="PeerSessions.HeldForGap"/>) are saved:
/// lossless, still read after a restore, and a snapshot written before they existed reads as "none held".
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(Suites))]
public sealed class DeviceStateCodecHeldForGapTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
    private FarAheadConversation _c = null!;

    private DeviceState _holding = null!;

    [OneTimeSetUp]
    public void HoldTwo()
    {
        _c = FarAheadConversation.Build(Suite, "codec held for gap");
        DeviceState state = FarAheadConversation.Deliver(_c.Alice, "far", _c.Farthest).State;
        _holding = FarAheadConversation.Deliver(state, "far-2", _c.Second[^2]).State;
    }

    [Test]
    public void Held_messages_survive_a_round_trip_byte_for_byte_in_their_order()
    {
        DeviceState back = RoundTrip(_holding);

        SameState(back, _holding, "held messages are lossless");
        back.PeerOf(TwoParties.BobAddress).HeldForGap.Should().Equal(_holding.PeerOf(TwoParties.BobAddress).HeldForGap);
        back.PeerOf(TwoParties.BobAddress).HeldForGap.Should().HaveCount(2);
    }

    [Test]
    public void A_restored_device_reads_its_held_messages_when_the_gap_fills()
    {
        DeviceState restored = RoundTrip(_holding);

        DeviceState healed = _c.DeliverFirst(restored, 1, FarAheadConversation.NarrowingIndex(_c.Farthest.One2OneMsg.Sequence));

        healed.PeerOf(TwoParties.BobAddress).HeldForGap.Should().BeEmpty();
    }

    [Test]
    public void A_snapshot_written_before_held_messages_existed_reads_as_none_held()
    {
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(_holding));
        foreach (StoredPeerEntry peer in stored.Peers)
        {
            peer.Value.HeldForGap.Clear();
        }

        DeviceState back = DeviceStateCodec.Decode(stored.ToByteArray());

        back.PeerOf(TwoParties.BobAddress).HeldForGap.Should().BeEmpty();
        back.PeerOf(TwoParties.BobAddress).Sessions.Should().HaveCount(1);
    }
}

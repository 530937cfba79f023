using System.Collections.Immutable;
using Google.Protobuf;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// The records behind the <c>evicted_key</c> and <c>superseded_chain</c> error codes (<see cref="RatchetState.EvictedKeys"/>,
/// <see cref="RatchetState.ClosedChainEnds"/>, <see cref="GroupChainState.Spent"/>) survive a snapshot, and a snapshot
/// written before they existed still reads (as having none of them).
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(DeviceStateCodecFixture.Suites))]
public sealed class DeviceStateCodecErrorRecordTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    private RichSample Sample([System.Runtime.CompilerServices.CallerMemberName] string test = "") => DeviceStateSamples.Rich(Suite, test);

    /// <summary>The sample with Alice's session to Bob given evicted positions and closed chain ends.</summary>
    private static (DeviceState State, EstablishedSession Session) WithErrorRecords(RichSample sample)
    {
        EstablishedSession session = sample.AliceSession;
        byte[] ratchetKey = session.Ratchet.Receiver.TheirRatchetKey;
        RatchetState ratchet = session.Ratchet with
        {
            EvictedKeys = [new KeyPosition(ratchetKey, 3), new KeyPosition(ratchetKey, 7)],
            ClosedChainEnds = ImmutableSortedDictionary<uint, uint>.Empty.SetItem(1, 5).SetItem(3, 2),
        };
        EstablishedSession changed = session with { Ratchet = ratchet };
        DeviceState state = sample.State.WithPeer(sample.State.PeerOf(TwoParties.BobAddress).WithUpdated(changed));
        return (state, changed);
    }

    private static EstablishedSession SessionToBob(DeviceState state) => (EstablishedSession)state.PeerOf(TwoParties.BobAddress).Sessions[0];

    [Test]
    public void Evicted_positions_closed_chain_ends_and_spent_group_positions_survive_a_round_trip()
    {
        RichSample sample = Sample();
        (DeviceState state, EstablishedSession session) = WithErrorRecords(sample);
        ChainStates(sample.AliceGroup).Should().Contain(c => !c.Spent.IsEmpty, "Alice read group messages");

        DeviceState decoded = DeviceStateCodec.Decode(DeviceStateCodec.Encode(state));

        StateDump.Of(SessionToBob(decoded)).Should().Be(StateDump.Of(session));
        SessionToBob(decoded).Ratchet.EvictedKeys.Should().HaveCount(2);
        SessionToBob(decoded).Ratchet.ClosedChainEnds.Should().Equal(session.Ratchet.ClosedChainEnds);
        GroupStateDump.Of(decoded.GroupOf(GroupParty.GroupAddress).Keys!).Should().Be(GroupStateDump.Of(sample.AliceGroup));
    }

    [Test]
    public void A_snapshot_without_the_error_records_reads_as_remembering_nothing()
    {
        RichSample sample = Sample();
        (DeviceState state, _) = WithErrorRecords(sample);
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(state));
        foreach (StoredSession s in stored.Peers.SelectMany(p => p.Value.Sessions).Where(s => s.Established is not null))
        {
            s.Established.EvictedKeys.Clear();
            s.Established.ClosedChains.Clear();
        }

        IEnumerable<StoredGroupChainState> chains = stored.Groups
            .Where(g => g.Value.Keys is not null)
            .SelectMany(g => g.Value.Keys.Retired.Select(r => r.Session).Prepend(g.Value.Keys.Current))
            .SelectMany(s => s.Receivers)
            .SelectMany(r => r.Value.Retired.Select(x => x.State).Prepend(r.Value.Current));
        foreach (StoredGroupChainState chain in chains)
        {
            chain.Spent.Clear();
        }

        DeviceState decoded = DeviceStateCodec.Decode(stored.ToByteArray());

        SessionToBob(decoded).Ratchet.EvictedKeys.Should().BeEmpty();
        SessionToBob(decoded).Ratchet.ClosedChainEnds.Should().BeEmpty();
        SessionToBob(decoded).Ratchet.SkippedKeys.Should().HaveCount(sample.AliceSession.Ratchet.SkippedKeys.Count);
        ChainStates(decoded.GroupOf(GroupParty.GroupAddress).Keys!).Should().OnlyContain(c => c.Spent.IsEmpty);
    }

    /// <summary>Every receiving chain state of a group: current and retired sessions, current and retired chains.</summary>
    private static IEnumerable<GroupChainState> ChainStates(GroupState group) =>
        group.Retired.Select(r => r.Session).Prepend(group.Current)
            .SelectMany(s => s.Receivers.Values)
            .SelectMany(r => r.Retired.Select(x => x.State).Prepend(r.Current));
}

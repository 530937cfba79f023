using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using Google.Protobuf;

namespace E2eeConformance.Engine.Tests.Client;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// The device core's bookkeeping in a snapshot: outbox items with their ids, causes and retry marks, every kind of
/// pending operation, every kind of unacknowledged event, the id counters — lossless; snapshots written before these
/// existed still read; inconsistent bookkeeping is <c>malformed_message</c>.
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(Suites))]
public sealed class DeviceStateCodecCoreTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
    private static readonly Wire.E2eeAddress Group = new() { Domain = "e2eelab.org", Group = new Wire.PeerGroup { GroupId = "g1", GroupName = "g" } };

    private DeviceState WithBookkeeping()
    {
        DeviceState state = DeviceStateSamples.Typical(Suite);
        Wire.Plaintext text = new() { Version = "E2EE_PROTOCOL_V1", CommonMsg = ByteString.CopyFromUtf8("hi") };
        Wire.E2eeAddress carol = DeviceStateSamples.CarolAddress;
        state = state.SendAwaiting(RequestType.GetPreKeyBundle, new Wire.GetPreKeyBundleRequest { Domain = "e2eelab.org", UserId = "bob" }, id => new UserLookup(id, text, [("e2eelab.org", "bob"), ("e2eelab.org", "alice")], 1));
        state = state.SendAwaiting(RequestType.GetPreKeyBundle, new Wire.GetPreKeyBundleRequest { Domain = "e2eelab.org", UserId = "carol", DeviceId = "dev1" }, id => new DeviceLookup(id, carol, Retry: true) { StaleSessionId = "s-1" });
        foreach (GroupRequestKind kind in Enum.GetValues<GroupRequestKind>())
        {
            Wire.E2eeAddress? group = kind == GroupRequestKind.Create ? null : Group;
            state = state.SendAwaiting(RequestType.CreateGroup, new Wire.CreateGroupRequest(), id => new GroupRequest(id, kind, group, new Wire.GroupInfo { GroupName = "g" }, kind == GroupRequestKind.RemoveMembers ? "old" : "", kind == GroupRequestKind.AddMemberDevice ? carol : null));
        }

        state = state.Send(RequestType.Invite, new Wire.InviteRequest());
        state = state with { Outbox = state.Outbox.SetItem(state.Outbox.Count - 1, state.Outbox[^1] with { Cause = "InviteMsg", Attempt = 2, Reinvite = true }) };
        DeviceEvent[] events =
        [
            new OneToOneMessageReceived("d", "p", [1, 2], "s", "m"),
            new OneToOneMessageSent("d", "p", "m", [3]),
            new GroupMessageSent("d", "g", "m", [4]),
            new GroupMessageReceived("d", "g", "p", [5], "m"),
            new MessageDeferred("d", "p", "m", "why"),
            new SessionEstablished("d", "p", "s", Outbound: true),
            new GroupSessionChanged("d", "g", "s", "why"),
            new GroupLeft("d", "g"),
            new ProtocolFailure("d", "E2EeMsg", ProtocolErrorCode.BadTag, "detail"),
            new ProtocolFailure("d", "E2EeMsg", ProtocolErrorCode.BadSignature, "held and retried", "held-msg-id"),
            new RequestRefused("d", "SendText", "invite", Wire.ResponseCode.Forbidden),
            new UserUpdated("d", "u", "Name", "n"),
            new HeartbeatReceived("d", 42),
            new PreKeysPublished("d", "one_time_pre_keys", 7),
            new GroupTextWithdrawn("d", "g", [6], ["n/1@x", "n/2@x"], "why"),
        ];
        return state with
        {
            Unacknowledged = [.. events.Select((e, i) => new StoredEvent(state.NextEventId + i, e))],
            NextEventId = state.NextEventId + events.Length,
        };
    }

    [Test]
    public void Outbox_ids_pending_operations_and_unacknowledged_events_survive_a_round_trip_byte_for_byte()
    {
        DeviceState state = WithBookkeeping();

        DeviceState back = RoundTrip(state);

        SameState(back, state, "the bookkeeping is lossless");
        back.Outbox.Select(o => (o.Id, o.Kind, o.Cause, o.Attempt, o.Reinvite)).Should().Equal(state.Outbox.Select(o => (o.Id, o.Kind, o.Cause, o.Attempt, o.Reinvite)));
        back.Pending.Select(p => p.GetType().Name).Should().Equal(state.Pending.Select(p => p.GetType().Name));
        back.Pending.OfType<DeviceLookup>().Single().StaleSessionId.Should().Be("s-1");
        back.Pending.OfType<GroupRequest>().Single(r => r.Kind == GroupRequestKind.AddMemberDevice).Device.Should().Be(DeviceStateSamples.CarolAddress, "the device an add of a member device adds");
        GroupTextWithdrawn withdrawn = back.Unacknowledged.Select(e => e.Event).OfType<GroupTextWithdrawn>().Single();
        (withdrawn.Text, withdrawn.Newcomers, withdrawn.Reason).Should().BeEquivalentTo((new byte[] { 6 }, new[] { "n/1@x", "n/2@x" }, "why"));
        back.Unacknowledged.Select(e => e.Event.GetType()).Should().Equal(state.Unacknowledged.Select(e => e.Event.GetType()));
        back.Unacknowledged.Select(e => e.Event.ToString()).Should().Equal(state.Unacknowledged.Select(e => e.Event.ToString()), "every field of every event comes back");
        (back.NextRequestId, back.NextEventId).Should().Be((state.NextRequestId, state.NextEventId));
    }

    [Test]
    public void A_snapshot_written_before_request_ids_existed_numbers_its_outbox_from_one()
    {
        DeviceState state = WithBookkeeping() with { Pending = [], Unacknowledged = [], NextEventId = 1 };
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(state));
        stored.NextRequestId = 0;
        stored.NextEventId = 0;
        foreach (StoredOutboxItem item in stored.Outbox)
        {
            item.Id = 0;
        }

        DeviceState back = DeviceStateCodec.Decode(stored.ToByteArray());

        back.Outbox.Select(o => o.Id).Should().Equal(Enumerable.Range(1, state.Outbox.Count).Select(i => (long)i));
        back.NextRequestId.Should().Be(state.Outbox.Count + 1);
        back.NextEventId.Should().Be(1);
    }

    [Test]
    public void A_pending_operation_waiting_for_a_request_not_in_the_outbox_is_malformed()
    {
        DeviceState state = WithBookkeeping();
        DeviceState broken = state with { Outbox = state.Outbox.RemoveAt(0) };

        Action decode = () => DeviceStateCodec.Decode(DeviceStateCodec.Encode(broken));

        decode.Should().Throw<ProtocolException>().Which.Code.Should().Be(ProtocolErrorCode.MalformedMessage);
    }

    [Test]
    public void Duplicate_outbox_ids_or_an_event_id_past_the_counter_are_malformed()
    {
        DeviceState state = WithBookkeeping();
        DeviceState twice = state with { Outbox = state.Outbox.Add(state.Outbox[^1]) };
        DeviceState early = state with { NextEventId = 2 };

        ((Action)(() => DeviceStateCodec.Decode(DeviceStateCodec.Encode(twice)))).Should().Throw<ProtocolException>().Which.Code.Should().Be(ProtocolErrorCode.MalformedMessage);
        ((Action)(() => DeviceStateCodec.Decode(DeviceStateCodec.Encode(early)))).Should().Throw<ProtocolException>().Which.Code.Should().Be(ProtocolErrorCode.MalformedMessage);
    }

    [Test]
    public void An_unknown_event_code_or_group_request_kind_is_malformed()
    {
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(WithBookkeeping()));
        StoredDeviceState badEvent = stored.Clone();
        badEvent.Unacknowledged.First(e => e.EventCase == StoredDeviceEvent.EventOneofCase.ProtocolFailure).ProtocolFailure.Number = 99_999;
        StoredDeviceState badKind = stored.Clone();
        badKind.Pending.First(p => p.OperationCase == StoredPendingOperation.OperationOneofCase.GroupRequest).GroupRequest.Kind = 77;

        ((Action)(() => DeviceStateCodec.Decode(badEvent.ToByteArray()))).Should().Throw<ProtocolException>().Which.Code.Should().Be(ProtocolErrorCode.MalformedMessage);
        ((Action)(() => DeviceStateCodec.Decode(badKind.ToByteArray()))).Should().Throw<ProtocolException>().Which.Code.Should().Be(ProtocolErrorCode.MalformedMessage);
    }
}

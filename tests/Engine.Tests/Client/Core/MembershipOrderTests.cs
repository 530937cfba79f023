using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Issue 11 (convergence) through <see cref="DeviceCore.Step"/>: a device orders add notices by the server's membership
/// version (<see cref="MembershipOrder"/>) — one the session held already reflects changes nothing, one from further
/// ahead waits for the change in between — and a departed device (<see cref="GroupDeparture"/>) reads only what was
/// written to it before, takes no command, drops the group when the grace ends, and becomes a member again only by a
/// newer add notice. Alice holds the group at version 3 (alice, bob, carol); Bob is the inviter.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class MembershipOrderTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    private const ulong Held = 3;

    private static readonly string[] Founders = ["alice", "bob", "carol"];

    private GroupParty _party = null!;

    private DeviceState _alice = null!;

    private static Wire.E2eeAddress Group => GroupParty.GroupAddress;

    [SetUp]
    public void BuildAliceAtVersionThree()
    {
        _party = GroupParty.Create(Suite, $"membership order {TestContext.CurrentContext.Test.Name}", Founders);
        GroupState keys = _party["alice"].State;
        keys = keys with { Current = keys.Current with { GroupInfo = Info(Held) } };
        var group = new DeviceGroup(Group, keys, [.. _party.Members.Select(m => m.Member)], [], [], AwaitingJoin: false);
        _alice = DeviceStateSamples.Typical(Suite).WithGroup(group);
    }

    /// <summary>The server's group info at <paramref name="version"/> with the founders and <paramref name="more"/> users.</summary>
    private static Wire.GroupInfo Info(ulong version, params string[] more)
    {
        Wire.GroupInfo info = GroupParty.GroupInfo;
        info.MembershipVersion = version;
        info.GroupMemberList.AddRange(Founders.Concat(more).Select(u => new Wire.GroupMember
        {
            UserId = u,
            Domain = GroupParty.Domain,
            Role = u == "alice" ? Wire.GroupRole.Manager : Wire.GroupRole.Member,
        }));
        return info;
    }

    /// <summary>Bob's AddGroupMembersMsg adding <paramref name="newcomer"/> at <paramref name="version"/>, as the server forwards it.</summary>
    private Wire.ProtoMsg AddNotice(string id, ulong version, string newcomer, params string[] addedBefore)
    {
        var msg = new Wire.AddGroupMembersMsg
        {
            E2EesPackId = Suite.PackId.Value,
            SenderAddress = GroupParty.AddressOf("bob"),
            Sequence = _party["bob"].Session.OwnChain.Index,
            GroupInfo = Info(version, [.. addedBefore, newcomer]),
        };
        msg.AddingMemberList.Add(new Wire.GroupMember { UserId = newcomer, Domain = GroupParty.Domain });
        msg.AddingMemberInfoList.Add(_party.Device(newcomer).Member.ToWire());
        return CoreDriver.Delivered(id, m => m.AddGroupMembersMsg = msg);
    }

    /// <summary>Bob's RemoveGroupMembersMsg removing Alice at <paramref name="version"/>.</summary>
    private static Wire.ProtoMsg RemovalOfAlice(string id, ulong version, GroupParty party)
    {
        Wire.GroupInfo info = Info(version);
        info.GroupMemberList.RemoveAt(0);
        var msg = new Wire.RemoveGroupMembersMsg { SenderAddress = GroupParty.AddressOf("bob"), GroupInfo = info };
        msg.RemovingMemberList.Add(new Wire.GroupMember { UserId = "alice", Domain = GroupParty.Domain });
        msg.MemberInfoList.Add(party["bob"].Member.ToWire());
        msg.MemberInfoList.Add(party["carol"].Member.ToWire());
        return CoreDriver.Delivered(id, m => m.RemoveGroupMembersMsg = msg);
    }

    private static DeviceStep Deliver(DeviceState state, Wire.ProtoMsg message, long nowMs = CoreDriver.NowMs) =>
        DeviceCore.Step(state, new ServerMessageReceived(message), new ReferenceStreamRandom($"deliver {message.Tag.ProtoMsgId}"), nowMs);

    private static DeviceGroup GroupIn(DeviceState state) => state.Groups[GroupMember.AddressKey(Group)];

    private static IEnumerable<T> EventsOf<T>(DeviceStep step) => step.Events.Select(e => e.Event).OfType<T>();

    [TestCase(Held)]
    [TestCase(Held - 1)]
    public void An_add_notice_at_or_below_the_session_held_changes_nothing_in_the_current_session(ulong version)
    {
        string before = GroupStateDump.Of(GroupIn(_alice).Keys!.Current);

        DeviceStep step = Deliver(_alice, AddNotice("late-add", version, "frank"));

        DeviceGroup g = GroupIn(step.State);
        GroupStateDump.Of(g.Keys!.Current).Should().Be(before, "a session of version 3 already reflects change {0}", version);
        g.Members.Should().NotContain(m => m.Address.User.UserId == "frank");
        g.PendingNotices.Should().BeEmpty("an obsolete notice is not kept to apply later");
        EventsOf<GroupSessionChanged>(step).Should().BeEmpty();
        step.Requests.Should().ContainSingle("nothing is sent to the newcomer, the notice is only consumed")
            .Which.Kind.Should().Be(RequestType.ConsumeProtoMsg);
    }

    [Test]
    public void An_add_notice_two_versions_ahead_waits_and_is_applied_after_the_one_in_between()
    {
        string before = GroupStateDump.Of(GroupIn(_alice).Keys!.Current);
        Wire.ProtoMsg addFrank = AddNotice("add-frank", Held + 1, "frank");
        Wire.ProtoMsg addGina = AddNotice("add-gina", Held + 2, "gina", "frank");

        DeviceStep early = Deliver(_alice, addGina);

        GroupIn(early.State).PendingNotices.Should().ContainSingle("version 5 waits for version 4");
        GroupStateDump.Of(GroupIn(early.State).Keys!.Current).Should().Be(before);
        EventsOf<GroupSessionChanged>(early).Should().BeEmpty();

        DeviceStep between = Deliver(early.State, addFrank);

        DeviceGroup g = GroupIn(between.State);
        g.PendingNotices.Should().BeEmpty();
        g.Keys!.Current.GroupInfo.MembershipVersion.Should().Be(Held + 2);
        g.Members.Select(m => m.Address.User.UserId).Should().ContainInOrder("frank", "gina");
        EventsOf<GroupSessionChanged>(between).Select(e => e.Reason).Should().Equal("members added", "members added");

        DeviceState inOrder = Deliver(Deliver(_alice, addFrank).State, addGina).State;
        GroupStateDump.Of(g.Keys).Should().Be(GroupStateDump.Of(GroupIn(inOrder).Keys!), "held and applied in the server's order, the keys are those of delivery in order");
    }

    [Test]
    public void A_removed_device_reads_what_was_written_before_refuses_to_send_and_drops_the_group_after_the_grace()
    {
        Wire.E2eeMsg before = _party.Send("bob", "written before the removal");

        DeviceStep removed = Deliver(_alice, RemovalOfAlice("remove-alice", Held + 1, _party));

        EventsOf<GroupLeft>(removed).Should().ContainSingle();
        DeviceGroup departed = GroupIn(removed.State);
        departed.IsMember.Should().BeFalse();
        departed.LeftAtMs.Should().Be(CoreDriver.NowMs);
        departed.SelfVersion.Should().Be(Held + 1);

        DeviceStep read = Deliver(removed.State, CoreDriver.Delivered("in-flight", before));
        DeviceStateSamples.Text(EventsOf<GroupMessageReceived>(read).Should().ContainSingle().Subject.Text).Should().Be("written before the removal");

        DeviceInput[] refused =
        [
            new SendGroupTextCommand(Group, [1, 2, 3]),
            new AddGroupMembersCommand(Group, [(GroupParty.Domain, "frank")]),
            new RemoveGroupMembersCommand(Group, [(GroupParty.Domain, "carol")]),
        ];
        foreach (DeviceInput command in refused)
        {
            FluentActions.Invoking(() => CoreDriver.Step(read.State, command)).Should().Throw<DeviceCommandException>()
                .Which.Code.Should().Be("not_a_member", command.Name);
        }

        long graceEnds = CoreDriver.NowMs + (long)ProtocolLimits.RetiredGroupSessionGrace.TotalMilliseconds;
        DeviceState atTheBound = DeviceCore.Step(read.State, new ClockTick(), new ReferenceStreamRandom("tick at the bound"), graceEnds).State;
        atTheBound.Groups.Should().ContainKey(GroupMember.AddressKey(Group), "the grace has not ended yet");
        DeviceState after = DeviceCore.Step(atTheBound, new ClockTick(), new ReferenceStreamRandom("tick past the bound"), graceEnds + 1).State;
        after.Groups.Should().NotContainKey(GroupMember.AddressKey(Group), "the grace has ended: every key of the group is dropped");
    }

    [Test]
    public void An_add_notice_naming_a_departed_device_with_a_newer_version_makes_it_a_member_awaiting_the_join()
    {
        DeviceState removed = Deliver(_alice, RemovalOfAlice("remove-alice", Held + 1, _party)).State;

        DeviceStep readded = Deliver(removed, AddNotice("readd-alice", Held + 2, "alice"));

        DeviceGroup g = GroupIn(readded.State);
        g.IsMember.Should().BeTrue();
        g.LeftAtMs.Should().BeNull();
        g.AwaitingJoin.Should().BeTrue("the inviter's bundle for the new session has not arrived");
        g.SelfVersion.Should().Be(Held + 2);
        DeviceStep text = CoreDriver.Step(readded.State, new SendGroupTextCommand(Group, [.. "back again"u8]));
        text.Requests.Should().BeEmpty("a member again, its text waits for the new session's keys instead of being refused");
        GroupIn(text.State).WaitingTexts.Should().ContainSingle();
    }

    [TestCase(Held + 1)]
    [TestCase(Held)]
    public void An_add_notice_naming_a_departed_device_at_or_below_its_removal_leaves_it_departed(ulong version)
    {
        DeviceState removed = Deliver(_alice, RemovalOfAlice("remove-alice", Held + 1, _party)).State;
        byte[] encoded = CoreDriver.Encode(removed);

        DeviceStep late = Deliver(removed, AddNotice("old-add-of-alice", version, "alice"));

        DeviceGroup g = GroupIn(late.State);
        g.IsMember.Should().BeFalse("the removal at version {0} is newer than (or the same change as) this add", Held + 1);
        g.LeftAtMs.Should().Be(CoreDriver.NowMs);
        g.SelfVersion.Should().Be(Held + 1);
        CoreDriver.EncodeProtocolPart(late.State, removed).Should().Equal(encoded, "an old add of this device changes nothing");
        FluentActions.Invoking(() => CoreDriver.Step(late.State, new SendGroupTextCommand(Group, [1])))
            .Should().Throw<DeviceCommandException>().Which.Code.Should().Be("not_a_member");
    }

    [Test]
    public void A_removal_older_than_a_re_add_already_seen_does_not_remove_the_device_again()
    {
        DeviceState removed = Deliver(_alice, RemovalOfAlice("remove-alice", Held + 1, _party)).State;
        DeviceState readded = Deliver(removed, AddNotice("readd-alice", Held + 2, "alice")).State;

        DeviceStep stale = Deliver(readded, RemovalOfAlice("remove-alice-again", Held + 1, _party));

        GroupIn(stale.State).IsMember.Should().BeTrue("the add at version 5 came after the removal at version 4");
        EventsOf<GroupLeft>(stale).Should().BeEmpty();
    }
}

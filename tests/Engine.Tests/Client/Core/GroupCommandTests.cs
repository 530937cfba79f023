using Google.Protobuf;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Group commands through <see cref="DeviceCore.Step"/> (seed 000 §Create group, §Remove group members, §Leave group):
/// a command only queues its request and a <see cref="GroupRequest"/>; the keys change when the server's answer
/// arrives, and a refusal changes nothing but the report. A command the device cannot carry out throws and changes
/// nothing.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class GroupCommandTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    private RichSample _sample = null!;

    private DeviceState Before => _sample.State;

    private static Wire.E2eeAddress Keyed => GroupParty.GroupAddress;

    private static Wire.E2eeAddress WithoutKeys => DeviceStateSamples.SecondGroupAddress;

    [OneTimeSetUp]
    public void BuildSample() => _sample = DeviceStateSamples.Rich(Suite, "core group commands");

    [Test]
    public void CreateGroup_queues_one_request_and_changes_no_keys_until_the_answer()
    {
        DeviceStep step = CoreDriver.Step(Before, new CreateGroupCommand("team", [(CoreDriver.Domain, "bob"), (CoreDriver.Domain, "carol")]));

        OutboxItem request = step.Requests.Should().ContainSingle().Which;
        request.Kind.Should().Be(RequestType.CreateGroup);
        Wire.CreateGroupMsg msg = CoreDriver.Parse(request, Wire.CreateGroupRequest.Parser).Msg;
        msg.GroupInfo.GroupMemberList.Select(m => (m.UserId, m.Role)).Should().Equal(("alice", Wire.GroupRole.Manager), ("bob", Wire.GroupRole.Member), ("carol", Wire.GroupRole.Member));
        GroupRequest pending = step.State.Pending.Should().ContainSingle().Which.Should().BeOfType<GroupRequest>().Subject;
        (pending.RequestId, pending.Kind, pending.Group).Should().Be((request.Id, GroupRequestKind.Create, null));
        step.State.Groups.Should().BeSameAs(Before.Groups, "no key changes before the server agreed");
        step.Events.Should().BeEmpty();
    }

    [Test]
    public void CreateGroup_gives_the_named_managers_the_manager_role_and_makes_them_members()
    {
        var command = new CreateGroupCommand("team", [(CoreDriver.Domain, "bob")]) { Managers = [(CoreDriver.Domain, "carol"), (CoreDriver.Domain, "alice")] };

        DeviceStep step = CoreDriver.Step(Before, command);

        Wire.CreateGroupMsg msg = CoreDriver.Parse(step.Requests.Should().ContainSingle().Which, Wire.CreateGroupRequest.Parser).Msg;
        msg.GroupInfo.GroupMemberList.Select(m => (m.UserId, m.Role)).Should().Equal(("alice", Wire.GroupRole.Manager), ("bob", Wire.GroupRole.Member), ("carol", Wire.GroupRole.Manager));
    }

    [Test]
    public void A_created_group_gets_its_keys_from_the_answer_and_the_seed_goes_to_the_member_devices()
    {
        DeviceStep asked = CoreDriver.Step(Before, new CreateGroupCommand("team", [(CoreDriver.Domain, "bob")]));
        var group = new Wire.E2eeAddress { Domain = CoreDriver.Domain, Group = new Wire.PeerGroup { GroupId = "g-new", GroupName = "team" } };
        var answer = new Wire.CreateGroupResponse { Code = Wire.ResponseCode.Ok, GroupAddress = group };
        answer.MemberInfoList.Add(new GroupMember(TwoParties.AliceAddress, Before.Account.Identity.Sign.PublicKey).ToWire());
        answer.MemberInfoList.Add(new GroupMember(TwoParties.BobAddress, _sample.OneToOne.Bob.Identity.Sign.PublicKey).ToWire());

        DeviceStep created = CoreDriver.Step(asked.State, CoreDriver.Answer(asked.Requests[0], Wire.ResponseCode.Ok, answer), "created");

        created.State.GroupOf(group).Keys.Should().NotBeNull();
        created.State.Pending.Should().BeEmpty();
        created.Events.Select(e => e.Event).Should().ContainSingle(e => e is GroupSessionChanged).Which.As<GroupSessionChanged>().Reason.Should().Be("created");
        OutboxItem seed = created.Requests.Should().ContainSingle().Which;
        seed.Kind.Should().Be(RequestType.SendOne2oneMsg, "Bob's device has an established session: the seed is encrypted at once");
        CoreDriver.Parse(seed, Wire.SendOne2oneMsgRequest.Parser).Msg.To.Should().Be(TwoParties.BobAddress);
    }

    [Test]
    public void A_refused_CreateGroup_raises_RequestRefused_and_leaves_the_state_as_before_the_command()
    {
        DeviceStep asked = CoreDriver.Step(Before, new CreateGroupCommand("team", [(CoreDriver.Domain, "bob")]));

        DeviceStep refused = CoreDriver.Step(asked.State, CoreDriver.Answer(asked.Requests[0], Wire.ResponseCode.Forbidden, new Wire.CreateGroupResponse { Code = Wire.ResponseCode.Forbidden }));

        RequestRefused e = refused.Events.Should().ContainSingle().Which.Event.Should().BeOfType<RequestRefused>().Subject;
        (e.Request, e.MessageKind, e.Code).Should().Be(("create_group", "CreateGroup", Wire.ResponseCode.Forbidden));
        refused.Requests.Should().BeEmpty();
        refused.State.Pending.Should().BeEmpty();
        CoreDriver.EncodeProtocolPart(refused.State, Before).Should().Equal(CoreDriver.Encode(Before), "a refusal changes nothing but the report");
        refused.State.Outbox.Should().Equal(Before.Outbox);
    }

    [Test]
    public void LeaveGroup_keeps_the_keys_until_the_server_agrees_then_only_reads_until_the_grace_ends()
    {
        DeviceStep asked = CoreDriver.Step(Before, new LeaveGroupCommand(Keyed));

        OutboxItem request = asked.Requests.Should().ContainSingle().Which;
        request.Kind.Should().Be(RequestType.LeaveGroup);
        asked.State.Pending.Should().ContainSingle().Which.Should().BeOfType<GroupRequest>().Which.Kind.Should().Be(GroupRequestKind.Leave);
        asked.State.Groups.Should().BeSameAs(Before.Groups);

        DeviceStep left = CoreDriver.Step(asked.State, CoreDriver.Answer(request, Wire.ResponseCode.Ok, new Wire.LeaveGroupResponse { Code = Wire.ResponseCode.Ok }));

        left.Events.Should().ContainSingle().Which.Event.Should().BeOfType<GroupLeft>();
        DeviceGroup departed = left.State.Groups[GroupMember.AddressKey(Keyed)];
        departed.IsMember.Should().BeFalse("it keeps the keys only to read messages written before it left");
        departed.Keys.Should().BeSameAs(Before.Groups[GroupMember.AddressKey(Keyed)].Keys);
        FluentActions.Invoking(() => CoreDriver.Step(left.State, new SendGroupTextCommand(Keyed, [1, 2, 3])))
            .Should().Throw<DeviceCommandException>().Which.Code.Should().Be("not_a_member");
        CoreDriver.Step(left.State, new LeaveGroupCommand(Keyed)).Requests.Should().ContainSingle("the server decides: it may have added this device back already")
            .Which.Kind.Should().Be(RequestType.LeaveGroup);

        long afterGrace = (long)departed.LeftAtMs! + (long)ProtocolLimits.RetiredGroupSessionGrace.TotalMilliseconds + 1;
        DeviceStep later = DeviceCore.Step(left.State, new ClockTick(), new ReferenceStreamRandom("after the grace"), afterGrace);
        later.State.Groups.Should().NotContainKey(GroupMember.AddressKey(Keyed), "the grace has ended: every key of the group is dropped");
    }

    [Test]
    public void A_refused_LeaveGroup_raises_RequestRefused_and_keeps_the_keys()
    {
        DeviceStep asked = CoreDriver.Step(Before, new LeaveGroupCommand(Keyed));

        DeviceStep refused = CoreDriver.Step(asked.State, CoreDriver.Answer(asked.Requests[0], Wire.ResponseCode.Forbidden, new Wire.LeaveGroupResponse { Code = Wire.ResponseCode.Forbidden }));

        refused.Events.Should().ContainSingle().Which.Event.Should().BeOfType<RequestRefused>().Which.Request.Should().Be("leave_group");
        refused.State.Pending.Should().BeEmpty();
        CoreDriver.EncodeProtocolPart(refused.State, Before).Should().Equal(CoreDriver.Encode(Before));
    }

    [Test]
    public void RemoveGroupMembers_keeps_the_session_until_the_answer_which_replaces_it_for_the_remaining_devices()
    {
        string oldSession = _sample.AliceGroup.Current.SessionId;
        DeviceStep asked = CoreDriver.Step(Before, new RemoveGroupMembersCommand(Keyed, [(CoreDriver.Domain, "carol")]));

        OutboxItem request = asked.Requests.Should().ContainSingle().Which;
        request.Kind.Should().Be(RequestType.RemoveGroupMembers);
        GroupRequest pending = asked.State.Pending.Should().ContainSingle().Which.Should().BeOfType<GroupRequest>().Subject;
        (pending.Kind, pending.OldSessionId).Should().Be((GroupRequestKind.RemoveMembers, oldSession));
        pending.Info.GroupMemberList.Should().NotContain(m => m.UserId == "carol");
        asked.State.GroupOf(Keyed).Keys!.Current.SessionId.Should().Be(oldSession);

        var answer = new Wire.RemoveGroupMembersResponse { Code = Wire.ResponseCode.Ok };
        answer.MemberInfoList.AddRange(_sample.Group.Members.Where(m => m.Name != "carol").Select(m => m.Member.ToWire()));
        DeviceStep removed = CoreDriver.Step(asked.State, CoreDriver.Answer(request, Wire.ResponseCode.Ok, answer), "removed");

        GroupState keys = removed.State.GroupOf(Keyed).Keys!;
        keys.Current.SessionId.Should().NotBe(oldSession);
        keys.Retired.Should().Contain(r => r.Session.SessionId == oldSession, "the old session stays to read messages in flight");
        keys.Current.Members.Should().NotContain(m => m.Address.User.UserId == "carol");
        removed.Events.Select(e => e.Event).OfType<GroupSessionChanged>().Should().ContainSingle().Which.Reason.Should().Be("members removed");
        removed.Requests.Should().Contain(r => r.Kind == RequestType.SendOne2oneMsg, "the new seed goes to Bob over the established session");
    }

    [Test]
    public void A_refused_RemoveGroupMembers_raises_RequestRefused_and_keeps_the_old_session()
    {
        DeviceStep asked = CoreDriver.Step(Before, new RemoveGroupMembersCommand(Keyed, [(CoreDriver.Domain, "carol")]));

        DeviceStep refused = CoreDriver.Step(asked.State, CoreDriver.Answer(asked.Requests[0], Wire.ResponseCode.Forbidden, new Wire.RemoveGroupMembersResponse { Code = Wire.ResponseCode.Forbidden }));

        refused.Events.Should().ContainSingle().Which.Event.Should().BeOfType<RequestRefused>().Which.Request.Should().Be("remove_group_members");
        refused.Requests.Should().BeEmpty();
        CoreDriver.EncodeProtocolPart(refused.State, Before).Should().Equal(CoreDriver.Encode(Before));
    }

    [Test]
    public void A_group_command_on_a_group_without_keys_throws_no_group_keys_and_leaves_the_state_untouched()
    {
        byte[] encoded = CoreDriver.Encode(Before);
        DeviceInput[] commands =
        [
            new AddGroupMembersCommand(WithoutKeys, [(CoreDriver.Domain, "erin")]),
            new AddGroupMemberDeviceCommand(WithoutKeys, GroupParty.AddressOf("bob/dev2")),
            new RemoveGroupMembersCommand(WithoutKeys, [(CoreDriver.Domain, "bob")]),
        ];

        foreach (DeviceInput command in commands)
        {
            Action act = () => CoreDriver.Step(Before, command);

            act.Should().Throw<DeviceCommandException>().Which.Code.Should().Be("no_group_keys", command.Name);
            CoreDriver.Encode(Before).Should().Equal(encoded, "{0} must not change the state it was given", command.Name);
        }
    }

    [Test]
    public void A_group_text_for_a_known_group_without_keys_waits_for_them_without_a_request()
    {
        DeviceStep step = CoreDriver.Step(Before, new SendGroupTextCommand(WithoutKeys, [.. "early"u8]));

        step.Requests.Should().BeEmpty("nothing can be encrypted before the keys arrive");
        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<MessageDeferred>();
        step.State.GroupOf(WithoutKeys).WaitingTexts.Should().ContainSingle().Which.Text.ToArray().Should().Equal("early"u8.ToArray());
    }

    [Test]
    public void A_group_text_for_a_group_the_device_never_heard_of_throws_unknown_group_and_changes_nothing()
    {
        byte[] encoded = CoreDriver.Encode(Before);
        var unknown = new Wire.E2eeAddress { Domain = CoreDriver.Domain, Group = new Wire.PeerGroup { GroupId = "never-heard-of", GroupName = "x" } };

        Action act = () => CoreDriver.Step(Before, new SendGroupTextCommand(unknown, [.. "hi"u8]));

        act.Should().Throw<DeviceCommandException>().Which.Code.Should().Be("unknown_group");
        CoreDriver.Encode(Before).Should().Equal(encoded);
    }

    [Test]
    public void A_group_text_is_encrypted_at_once_with_one_SendGroupMsg_and_a_GroupMessageSent_event()
    {
        // The sample's group keys were made with the group party's account for Alice: the owner signs.
        DeviceState owner = Before with { Account = _sample.Group["alice"].Account };

        DeviceStep step = CoreDriver.Step(owner, new SendGroupTextCommand(Keyed, [.. "hello group"u8]));

        OutboxItem request = step.Requests.Should().ContainSingle().Which;
        request.Kind.Should().Be(RequestType.SendGroupMsg);
        GroupMessageSent sent = step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<GroupMessageSent>().Subject;
        sent.MsgId.Should().Be(CoreDriver.Parse(request, Wire.SendGroupMsgRequest.Parser).Msg.MsgId);
        step.State.GroupOf(Keyed).Keys!.Current.OwnChain.Index.Should().Be(_sample.AliceGroup.Current.OwnChain.Index + 1);
        step.State.Pending.Should().BeEmpty();
        ByteString.CopyFrom(sent.Text).ToStringUtf8().Should().Be("hello group");
    }

    [Test]
    public void A_new_device_of_this_user_that_a_one_to_one_text_already_invited_is_still_added_to_the_groups()
    {
        // Alice writes to her own user before the server's AddUserDeviceMsg for alice/dev2 arrives: the lookup of her
        // user lists dev2, which she invites at once. The announcement must still add dev2 to her groups (fuzz finding
        // member-device-add-then-one2one: it was dropped because a session with dev2 existed, and the group never
        // gained the device).
        DeviceStep wrote = CoreDriver.Step(Before, CoreDriver.Text("alice", "to my other devices"));
        OutboxItem lookup = wrote.Requests.Should().ContainSingle(r => r.Kind == RequestType.GetPreKeyBundle).Which;
        DeviceStep invited = CoreDriver.Step(wrote.State, CoreDriver.Answer(lookup, Wire.ResponseCode.Ok, CoreDriver.Bundles(Suite, "alice/dev2")), "bundles");
        Wire.E2eeAddress dev2 = GroupParty.AddressOf("alice/dev2");
        invited.State.PeerOf(dev2).Newest.Should().NotBeNull("the text invited the new device");

        var announced = new Wire.AddUserDeviceMsg { UserAddress = dev2.Clone() };
        announced.OldAddressList.Add(TwoParties.AliceAddress.Clone());
        DeviceStep step = CoreDriver.Step(invited.State, new ServerMessageReceived(CoreDriver.Delivered("new-device", m => m.AddUserDeviceMsg = announced)), "announced");

        OutboxItem add = step.Requests.Should().ContainSingle(r => r.Kind == RequestType.AddGroupMemberDevice).Which;
        Wire.AddGroupMemberDeviceMsg msg = CoreDriver.Parse(add, Wire.AddGroupMemberDeviceRequest.Parser).Msg;
        GroupMember.AddressKey(msg.GroupInfo.GroupAddress).Should().Be(GroupMember.AddressKey(Keyed));
        msg.AddingMemberDevice.MemberAddress.Should().Be(dev2);
        step.Requests.Should().NotContain(r => r.Kind == RequestType.GetPreKeyBundle, "the device has a session already: it is not invited twice");
    }
}

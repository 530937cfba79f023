using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>seed 000 §Create group, §Add group members, §Remove group members, §Add group member device, §Leave group, §Send group message.</summary>
public class GroupTests
{
    private TestWorld _world = null!;
    private Device _alice = null!;
    private Device _aliceLaptop = null!;
    private Device _bob = null!;
    private Device _carol = null!;
    private Device _dave = null!;

    [SetUp]
    public void SetUp()
    {
        _world = new TestWorld();
        _alice = _world.Register("alice", "phone");
        _aliceLaptop = _world.Register("alice", "laptop");
        _bob = _world.Register("bob", "phone");
        _carol = _world.Register("carol", "phone");
        _dave = _world.Register("dave", "phone");
        _world.ConsumeAll(_alice, _aliceLaptop, _bob, _carol, _dave);
    }

    private E2eeAddress CreateClub()
    {
        CreateGroupResponse response = _world.Server.CreateGroup(_alice.Credential, Requests.CreateGroup(_alice, "club", ("alice", GroupRole.Manager), ("bob", GroupRole.Member), ("carol", GroupRole.Member)));
        response.Code.Should().Be(ResponseCode.Ok, response.Msg);
        _world.ConsumeAll(_alice, _aliceLaptop, _bob, _carol, _dave);
        return response.GroupAddress;
    }

    private static GroupMemberInfo Info(Device device) => new()
    {
        MemberAddress = device.Address,
        SignPublicKey = Google.Protobuf.ByteString.CopyFrom(device.Account.Identity.Sign.PublicKey),
    };

    [Test]
    public void Creating_a_group_assigns_its_address_and_tells_every_other_member_device()
    {
        CreateGroupResponse response = _world.Server.CreateGroup(_alice.Credential, Requests.CreateGroup(_alice, "club", ("alice", GroupRole.Manager), ("bob", GroupRole.Member)));

        response.Code.Should().Be(ResponseCode.Ok);
        response.GroupAddress.Should().Be(new E2eeAddress { Domain = TestWorld.Domain, Group = new PeerGroup { GroupName = "club", GroupId = "group-1" } });
        response.MemberInfoList.Should().Equal(Info(_alice), Info(_aliceLaptop), Info(_bob));
        _world.Pending(_alice).Should().BeEmpty("the creator's device is not told");
        foreach (Device told in new[] { _aliceLaptop, _bob })
        {
            CreateGroupMsg msg = _world.Pending(told).Should().ContainSingle().Which.CreateGroupMsg;
            msg.SenderAddress.Should().Be(_alice.Address);
            msg.GroupInfo.GroupAddress.Should().Be(response.GroupAddress);
            msg.GroupInfo.GroupName.Should().Be("club");
            msg.GroupInfo.GroupMemberList.Select(m => (m.UserId, m.Role)).Should().Equal(("alice", GroupRole.Manager), ("bob", GroupRole.Member));
            msg.MemberInfoList.Should().Equal(response.MemberInfoList);
        }

        _world.Pending(_carol).Should().BeEmpty();
    }

    [Test]
    public void Create_group_refusals_change_nothing()
    {
        _world.ExpectRefusal(ResponseCode.Unauthorized, () => _world.Server.CreateGroup(_alice.WrongCredential, Requests.CreateGroup(_alice, "club", ("alice", GroupRole.Manager))).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.CreateGroup(_bob.Credential, Requests.CreateGroup(_alice, "club", ("alice", GroupRole.Manager))).Code);
        _world.ExpectRefusal(ResponseCode.NotFound, () => _world.Server.CreateGroup(_alice.Credential, Requests.CreateGroup(_alice, "club", ("alice", GroupRole.Manager), ("zoe", GroupRole.Member))).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.CreateGroup(_alice.Credential, Requests.CreateGroup(_alice, "club", ("alice", GroupRole.Member), ("bob", GroupRole.Manager))).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.CreateGroup(_alice.Credential, Requests.CreateGroup(_alice, "club", ("alice", GroupRole.Manager), ("bob", GroupRole.Member), ("bob", GroupRole.Member))).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.CreateGroup(_alice.Credential, Requests.CreateGroup(_alice, "", ("alice", GroupRole.Manager))).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.CreateGroup(_alice.Credential, new CreateGroupRequest()).Code);
    }

    [Test]
    public void Adding_members_tells_existing_and_new_member_devices_with_the_new_devices_sign_keys()
    {
        E2eeAddress group = CreateClub();

        AddGroupMembersResponse response = _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, group, sequence: 7, "dave"));

        response.Code.Should().Be(ResponseCode.Ok);
        response.AddedGroupMemberList.Select(m => m.UserId).Should().Equal("dave");
        response.GroupMemberList.Select(m => m.UserId).Should().Equal("alice", "bob", "carol", "dave");
        response.AddingMemberInfoList.Should().Equal(Info(_dave));
        _world.Pending(_alice).Should().BeEmpty();
        foreach (Device told in new[] { _aliceLaptop, _bob, _carol, _dave })
        {
            AddGroupMembersMsg msg = _world.Pending(told).Should().ContainSingle().Which.AddGroupMembersMsg;
            msg.Sequence.Should().Be(7);
            msg.AddingMemberList.Select(m => m.UserId).Should().Equal("dave");
            msg.AddingMemberInfoList.Should().Equal(Info(_dave));
            msg.GroupInfo.GroupMemberList.Select(m => m.UserId).Should().Equal("alice", "bob", "carol", "dave");
        }
    }

    [Test]
    public void Add_group_members_refusals_change_nothing()
    {
        E2eeAddress group = CreateClub();
        E2eeAddress unknownGroup = new() { Domain = TestWorld.Domain, Group = new PeerGroup { GroupId = "group-99" } };

        _world.ExpectRefusal(ResponseCode.Unauthorized, () => _world.Server.AddGroupMembers(_alice.WrongCredential, Requests.AddMembers(_alice, group, 0, "dave")).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.AddGroupMembers(_bob.Credential, Requests.AddMembers(_bob, group, 0, "dave")).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.AddGroupMembers(_dave.Credential, Requests.AddMembers(_dave, group, 0, "dave")).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.AddGroupMembers(_bob.Credential, Requests.AddMembers(_alice, group, 0, "dave")).Code);
        _world.ExpectRefusal(ResponseCode.NotFound, () => _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, unknownGroup, 0, "dave")).Code);
        _world.ExpectRefusal(ResponseCode.NotFound, () => _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, group, 0, "zoe")).Code);
        _world.ExpectRefusal(ResponseCode.RequestConflict, () => _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, group, 0, "bob")).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, group, 0)).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, _bob.Address, 0, "dave")).Code);
    }

    [Test]
    public void Removing_members_tells_every_member_device_including_the_removed_with_the_remaining_devices()
    {
        E2eeAddress group = CreateClub();

        RemoveGroupMembersResponse response = _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group, "carol"));

        response.Code.Should().Be(ResponseCode.Ok);
        response.RemovedGroupMemberList.Select(m => m.UserId).Should().Equal("carol");
        response.GroupMemberList.Select(m => m.UserId).Should().Equal("alice", "bob");
        response.MemberInfoList.Should().Equal(Info(_alice), Info(_aliceLaptop), Info(_bob));
        foreach (Device told in new[] { _aliceLaptop, _bob, _carol })
        {
            RemoveGroupMembersMsg msg = _world.Pending(told).Should().ContainSingle().Which.RemoveGroupMembersMsg;
            msg.RemovingMemberList.Select(m => m.UserId).Should().Equal("carol");
            msg.MemberInfoList.Should().Equal(response.MemberInfoList);
        }

        _world.ConsumeAll(_aliceLaptop, _bob, _carol);
        _world.Server.SendGroupMsg(_bob.Credential, Requests.GroupMsg(_bob, group, [1])).Code.Should().Be(ResponseCode.Ok);
        _world.Pending(_carol).Should().BeEmpty("a removed member is no longer a recipient");
        _world.Server.SendGroupMsg(_carol.Credential, Requests.GroupMsg(_carol, group, [1])).Code.Should().Be(ResponseCode.Forbidden);
    }

    [Test]
    public void Remove_group_members_refusals_change_nothing()
    {
        E2eeAddress group = CreateClub();

        _world.ExpectRefusal(ResponseCode.Unauthorized, () => _world.Server.RemoveGroupMembers(_alice.WrongCredential, Requests.RemoveMembers(_alice, group, "carol")).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.RemoveGroupMembers(_bob.Credential, Requests.RemoveMembers(_bob, group, "carol")).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.RemoveGroupMembers(_carol.Credential, Requests.RemoveMembers(_alice, group, "carol")).Code);
        _world.ExpectRefusal(ResponseCode.NotFound, () => _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group, "dave")).Code);
        _world.ExpectRefusal(ResponseCode.RequestConflict, () => _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group, "alice")).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group, "bob", "bob")).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group)).Code);
    }

    [Test]
    public void A_new_device_of_a_member_is_announced_to_the_group_once()
    {
        E2eeAddress group = CreateClub();
        Device bobLaptop = _world.Register("bob", "laptop");
        _world.ConsumeAll(_alice, _aliceLaptop, _bob, _carol);

        AddGroupMemberDeviceResponse response = _world.Server.AddGroupMemberDevice(_bob.Credential, Requests.AddMemberDevice(_bob, group, bobLaptop.Address));

        response.Code.Should().Be(ResponseCode.Ok);
        response.AddingMemberDeviceInfo.Should().Be(Info(bobLaptop));
        response.GroupMemberList.Select(m => m.UserId).Should().Equal("alice", "bob", "carol");
        foreach (Device told in new[] { _alice, _aliceLaptop, _carol, bobLaptop })
        {
            _world.Pending(told).Should().ContainSingle().Which.AddGroupMemberDeviceMsg.AddingMemberDevice.Should().Be(Info(bobLaptop));
        }

        _world.Pending(_bob).Should().BeEmpty();
        _world.ExpectRefusal(ResponseCode.RequestConflict, () => _world.Server.AddGroupMemberDevice(_alice.Credential, Requests.AddMemberDevice(_alice, group, bobLaptop.Address)).Code);
    }

    [Test]
    public void Add_group_member_device_refusals_change_nothing()
    {
        E2eeAddress group = CreateClub();
        Device daveLaptop = _world.Register("dave", "laptop");
        Device bobLaptop = _world.Register("bob", "laptop");
        _world.ConsumeAll(_dave);

        _world.ExpectRefusal(ResponseCode.Unauthorized, () => _world.Server.AddGroupMemberDevice(_bob.WrongCredential, Requests.AddMemberDevice(_bob, group, bobLaptop.Address)).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.AddGroupMemberDevice(_carol.Credential, Requests.AddMemberDevice(_bob, group, bobLaptop.Address)).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.AddGroupMemberDevice(_dave.Credential, Requests.AddMemberDevice(_dave, group, daveLaptop.Address)).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.AddGroupMemberDevice(_bob.Credential, Requests.AddMemberDevice(_bob, group, daveLaptop.Address)).Code);
        _world.ExpectRefusal(ResponseCode.NotFound, () => _world.Server.AddGroupMemberDevice(_bob.Credential, Requests.AddMemberDevice(_bob, group, Engine.Protocol.Addresses.User(TestWorld.Domain, "bob", "tablet"))).Code);
        _world.ExpectRefusal(ResponseCode.RequestConflict, () => _world.Server.AddGroupMemberDevice(_bob.Credential, Requests.AddMemberDevice(_bob, group, _carol.Address)).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.AddGroupMemberDevice(_bob.Credential, new AddGroupMemberDeviceRequest()).Code);
    }

    [Test]
    public void Leaving_sends_the_LeaveGroupMsg_to_the_managers_first_device_and_keeps_membership_until_removal()
    {
        E2eeAddress group = CreateClub();

        LeaveGroupResponse response = _world.Server.LeaveGroup(_carol.Credential, Requests.Leave(_carol, group));

        response.Code.Should().Be(ResponseCode.Ok);
        response.LeaveGroupMemberAddress.Should().Be(_carol.Address);
        response.GroupAddress.Should().Be(group);
        ProtoMsg message = _world.Pending(_alice).Should().ContainSingle().Subject;
        message.LeaveGroupMsg.UserAddress.Should().Be(_carol.Address);
        message.LeaveGroupMsg.GroupAddress.Should().Be(group);
        message.From.Should().Be(_carol.Address);
        _world.Pending(_aliceLaptop).Should().BeEmpty();
        _world.Pending(_bob).Should().BeEmpty();

        _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group, "carol")).Code.Should().Be(ResponseCode.Ok);
    }

    [Test]
    public void Leave_group_refusals_change_nothing()
    {
        E2eeAddress group = CreateClub();

        _world.ExpectRefusal(ResponseCode.Unauthorized, () => _world.Server.LeaveGroup(_carol.WrongCredential, Requests.Leave(_carol, group)).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.LeaveGroup(_bob.Credential, Requests.Leave(_carol, group)).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.LeaveGroup(_dave.Credential, Requests.Leave(_dave, group)).Code);
        _world.ExpectRefusal(ResponseCode.NotFound, () => _world.Server.LeaveGroup(_carol.Credential, Requests.Leave(_carol, new E2eeAddress { Domain = TestWorld.Domain, Group = new PeerGroup { GroupId = "nope" } })).Code);
        _world.ExpectRefusal(ResponseCode.RequestConflict, () => _world.Server.LeaveGroup(_alice.Credential, Requests.Leave(_alice, group)).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.LeaveGroup(_carol.Credential, new LeaveGroupRequest()).Code);
    }

    [Test]
    public void A_group_message_is_fanned_out_to_every_other_member_device()
    {
        E2eeAddress group = CreateClub();
        SendGroupMsgRequest request = Requests.GroupMsg(_alice, group, [1, 2, 3]);

        _world.Server.SendGroupMsg(_alice.Credential, request).Code.Should().Be(ResponseCode.Ok);

        _world.Pending(_alice).Should().BeEmpty();
        foreach (Device told in new[] { _aliceLaptop, _bob, _carol })
        {
            ProtoMsg message = _world.Pending(told).Should().ContainSingle().Subject;
            message.E2EeMsg.Should().Be(request.Msg);
            message.From.Should().Be(_alice.Address);
            message.To.Should().Be(told.Address);
        }

        _world.Pending(_dave).Should().BeEmpty();
        _world.Sink.Delivered.Select(d => d.Message.Tag.ProtoMsgId).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void A_group_message_honours_allow_and_deny_lists()
    {
        E2eeAddress group = CreateClub();

        _world.Server.SendGroupMsg(_alice.Credential, Requests.GroupMsg(_alice, group, [1], allow: [_bob.Address, _carol.Address], deny: [_carol.Address]))
            .Code.Should().Be(ResponseCode.Ok);

        _world.Pending(_bob).Should().ContainSingle();
        _world.Pending(_carol).Should().BeEmpty();
        _world.Pending(_aliceLaptop).Should().BeEmpty();
    }

    [Test]
    public void Send_group_message_refusals_change_nothing()
    {
        E2eeAddress group = CreateClub();
        SendGroupMsgRequest one2onePayload = Requests.GroupMsg(_alice, group, [1]);
        one2onePayload.Msg.One2OneMsg = new One2oneMsgPayload();

        _world.ExpectRefusal(ResponseCode.Unauthorized, () => _world.Server.SendGroupMsg(_alice.WrongCredential, Requests.GroupMsg(_alice, group, [1])).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.SendGroupMsg(_bob.Credential, Requests.GroupMsg(_alice, group, [1])).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.SendGroupMsg(_dave.Credential, Requests.GroupMsg(_dave, group, [1])).Code);
        _world.ExpectRefusal(ResponseCode.NotFound, () => _world.Server.SendGroupMsg(_alice.Credential, Requests.GroupMsg(_alice, new E2eeAddress { Domain = TestWorld.Domain, Group = new PeerGroup { GroupId = "nope" } }, [1])).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.SendGroupMsg(_alice.Credential, one2onePayload).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.SendGroupMsg(_alice.Credential, Requests.GroupMsg(_alice, _bob.Address, [1])).Code);
        _world.ExpectRefusal(ResponseCode.BadRequest, () => _world.Server.SendGroupMsg(_alice.Credential, Requests.GroupMsg(_alice, group, [1], allow: [group])).Code);
    }
}

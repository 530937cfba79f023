using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>
/// Issue 11 (convergence): the server counts a group's membership changes — create, add members, remove members, add a
/// member device — and stamps the count (<c>membership_version</c>) on every notice it forwards and on the answer to the
/// device that asked. Devices order membership changes by it, so a count that skips, repeats or moves on a refusal
/// makes them disagree.
/// </summary>
public class GroupMembershipVersionTests
{
    private TestWorld _world = null!;
    private Device _alice = null!;
    private Device _aliceLaptop = null!;
    private Device _bob = null!;
    private Device _carol = null!;
    private Device _dave = null!;
    private Device _erin = null!;

    [SetUp]
    public void SetUp()
    {
        _world = new TestWorld();
        _alice = _world.Register("alice", "phone");
        _aliceLaptop = _world.Register("alice", "laptop");
        _bob = _world.Register("bob", "phone");
        _carol = _world.Register("carol", "phone");
        _dave = _world.Register("dave", "phone");
        _erin = _world.Register("erin", "phone");
        ConsumeEverything();
    }

    private Device[] Everyone => [_alice, _aliceLaptop, _bob, _carol, _dave, _erin];

    private void ConsumeEverything() => _world.ConsumeAll(Everyone);

    private E2eeAddress CreateClub(out CreateGroupResponse response)
    {
        response = _world.Server.CreateGroup(_alice.Credential, Requests.CreateGroup(_alice, "club", ("alice", GroupRole.Manager), ("bob", GroupRole.Member), ("carol", GroupRole.Member)));
        response.Code.Should().Be(ResponseCode.Ok, response.Msg);
        return response.GroupAddress;
    }

    private E2eeAddress CreateClub()
    {
        E2eeAddress group = CreateClub(out _);
        ConsumeEverything();
        return group;
    }

    /// <summary>The group info of the single notice pending for <paramref name="device"/>, whatever its kind.</summary>
    private GroupInfo NoticeGroupInfo(Device device)
    {
        ProtoMsg notice = _world.Pending(device).Should().ContainSingle().Subject;
        return notice.PayloadCase switch
        {
            ProtoMsg.PayloadOneofCase.CreateGroupMsg => notice.CreateGroupMsg.GroupInfo,
            ProtoMsg.PayloadOneofCase.AddGroupMembersMsg => notice.AddGroupMembersMsg.GroupInfo,
            ProtoMsg.PayloadOneofCase.RemoveGroupMembersMsg => notice.RemoveGroupMembersMsg.GroupInfo,
            ProtoMsg.PayloadOneofCase.AddGroupMemberDeviceMsg => notice.AddGroupMemberDeviceMsg.GroupInfo,
            _ => throw new AssertionException($"expected a membership notice for {device.Address}, found {notice.PayloadCase}"),
        };
    }

    private void EveryNoticeCarries(ulong version, params Device[] told)
    {
        foreach (Device device in told)
        {
            NoticeGroupInfo(device).MembershipVersion.Should().Be(version, $"the notice to {device.Address.User.UserId}/{device.Address.User.DeviceId} carries the server's count");
        }

        ConsumeEverything();
        _world.ConsumeAll(told);
    }

    private ulong AddDave(E2eeAddress group)
    {
        AddGroupMembersResponse response = _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, group, 0, "dave"));
        response.Code.Should().Be(ResponseCode.Ok, response.Msg);
        ConsumeEverything();
        return response.MembershipVersion;
    }

    [Test]
    public void Creating_a_group_starts_its_membership_version_at_one_in_the_answer_and_in_every_notice()
    {
        CreateClub(out CreateGroupResponse response);

        response.MembershipVersion.Should().Be(1UL);
        EveryNoticeCarries(1, _aliceLaptop, _bob, _carol);
    }

    [Test]
    public void Each_group_counts_its_own_changes()
    {
        E2eeAddress club = CreateClub();
        AddDave(club).Should().Be(2UL);

        CreateGroupResponse second = _world.Server.CreateGroup(_bob.Credential, Requests.CreateGroup(_bob, "chess", ("bob", GroupRole.Manager), ("carol", GroupRole.Member)));

        second.MembershipVersion.Should().Be(1UL, "another group's changes do not count");
        EveryNoticeCarries(1, _carol);
    }

    [Test]
    public void Adding_members_goes_up_by_exactly_one_per_accepted_request_whatever_the_number_added()
    {
        E2eeAddress group = CreateClub();

        AddGroupMembersResponse two = _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, group, 0, "dave", "erin"));

        two.Code.Should().Be(ResponseCode.Ok, two.Msg);
        two.MembershipVersion.Should().Be(2UL, "one request adding two users is one change");
        EveryNoticeCarries(2, _aliceLaptop, _bob, _carol, _dave, _erin);
    }

    [Test]
    public void Removing_members_goes_up_by_one_and_the_removed_member_is_told_the_same_version()
    {
        E2eeAddress group = CreateClub();
        AddDave(group).Should().Be(2UL);

        RemoveGroupMembersResponse response = _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group, "carol", "dave"));

        response.Code.Should().Be(ResponseCode.Ok, response.Msg);
        response.MembershipVersion.Should().Be(3UL);
        EveryNoticeCarries(3, _aliceLaptop, _bob, _carol, _dave);
    }

    [Test]
    public void Adding_a_member_device_goes_up_by_one_and_is_stamped_on_the_answer_and_every_notice()
    {
        E2eeAddress group = CreateClub();
        Device bobLaptop = _world.Register("bob", "laptop");
        _world.ConsumeAll(Everyone);

        AddGroupMemberDeviceResponse response = _world.Server.AddGroupMemberDevice(_bob.Credential, Requests.AddMemberDevice(_bob, group, bobLaptop.Address));

        response.Code.Should().Be(ResponseCode.Ok, response.Msg);
        response.MembershipVersion.Should().Be(2UL);
        EveryNoticeCarries(2, _alice, _aliceLaptop, _carol, bobLaptop);
    }

    [Test]
    public void A_sequence_of_mixed_changes_is_numbered_one_after_the_other_on_answers_and_notices()
    {
        E2eeAddress group = CreateClub();
        Device bobLaptop = _world.Register("bob", "laptop");
        _world.ConsumeAll(Everyone);

        AddGroupMembersResponse addDave = _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, group, 0, "dave"));
        addDave.MembershipVersion.Should().Be(2UL);
        EveryNoticeCarries(2, _aliceLaptop, _bob, bobLaptop, _carol, _dave);

        AddGroupMemberDeviceResponse addLaptop = _world.Server.AddGroupMemberDevice(_bob.Credential, Requests.AddMemberDevice(_bob, group, bobLaptop.Address));
        addLaptop.MembershipVersion.Should().Be(3UL);
        EveryNoticeCarries(3, _alice, _aliceLaptop, _carol, _dave, bobLaptop);

        RemoveGroupMembersResponse removeCarol = _world.Server.RemoveGroupMembers(_aliceLaptop.Credential, Requests.RemoveMembers(_aliceLaptop, group, "carol"));
        removeCarol.MembershipVersion.Should().Be(4UL, "any manager device's change counts");
        EveryNoticeCarries(4, _alice, _bob, bobLaptop, _carol, _dave);

        AddGroupMembersResponse readdCarol = _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, group, 0, "carol"));
        readdCarol.MembershipVersion.Should().Be(5UL, "adding a removed member back is a new change, not a return to an old version");
        EveryNoticeCarries(5, _aliceLaptop, _bob, bobLaptop, _carol, _dave);
    }

    [Test]
    public void The_version_a_device_writes_into_its_request_is_ignored_the_server_stamps_its_own()
    {
        E2eeAddress group = CreateClub();
        AddGroupMembersRequest request = Requests.AddMembers(_alice, group, 0, "dave");
        request.Msg.GroupInfo.MembershipVersion = 99;

        AddGroupMembersResponse response = _world.Server.AddGroupMembers(_alice.Credential, request);

        response.Code.Should().Be(ResponseCode.Ok, response.Msg);
        response.MembershipVersion.Should().Be(2UL);
        EveryNoticeCarries(2, _aliceLaptop, _bob, _carol, _dave);
        AddGroupMemberDeviceRequest laptop = Requests.AddMemberDevice(_bob, group, _world.Register("bob", "laptop").Address);
        _world.ConsumeAll(Everyone);
        laptop.Msg.GroupInfo.MembershipVersion = 1;
        _world.Server.AddGroupMemberDevice(_bob.Credential, laptop).MembershipVersion.Should().Be(3UL, "a stale count in the request does not rewind the server's");
    }

    [Test]
    public void Refused_membership_requests_do_not_change_the_version()
    {
        E2eeAddress group = CreateClub();
        Device daveLaptop = _world.Register("dave", "laptop");
        _world.ConsumeAll(Everyone);

        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.RemoveGroupMembers(_bob.Credential, Requests.RemoveMembers(_bob, group, "carol")).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.AddGroupMembers(_bob.Credential, Requests.AddMembers(_bob, group, 0, "dave")).Code);
        _world.ExpectRefusal(ResponseCode.RequestConflict, () => _world.Server.AddGroupMembers(_alice.Credential, Requests.AddMembers(_alice, group, 0, "bob")).Code);
        _world.ExpectRefusal(ResponseCode.NotFound, () => _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group, "dave")).Code);
        _world.ExpectRefusal(ResponseCode.RequestConflict, () => _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group, "alice")).Code);
        _world.ExpectRefusal(ResponseCode.Forbidden, () => _world.Server.AddGroupMemberDevice(_bob.Credential, Requests.AddMemberDevice(_bob, group, daveLaptop.Address)).Code);
        _world.ExpectRefusal(ResponseCode.RequestConflict, () => _world.Server.AddGroupMemberDevice(_bob.Credential, Requests.AddMemberDevice(_bob, group, _carol.Address)).Code);

        AddDave(group).Should().Be(2UL, "none of the refused requests counted");
    }

    [Test]
    public void Leaving_and_sending_do_not_change_the_version_only_the_managers_removal_does()
    {
        E2eeAddress group = CreateClub();

        _world.Server.LeaveGroup(_carol.Credential, Requests.Leave(_carol, group)).Code.Should().Be(ResponseCode.Ok);
        _world.Server.SendGroupMsg(_bob.Credential, Requests.GroupMsg(_bob, group, [1, 2, 3])).Code.Should().Be(ResponseCode.Ok);
        ConsumeEverything();

        RemoveGroupMembersResponse removal = _world.Server.RemoveGroupMembers(_alice.Credential, Requests.RemoveMembers(_alice, group, "carol"));
        removal.MembershipVersion.Should().Be(2UL, "a leave request asks the manager; the removal that follows is the change");
        EveryNoticeCarries(2, _aliceLaptop, _bob, _carol);
    }
}

using Google.Protobuf;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>seed 000 §Invite, §Accept, §Send one-to-one message, §Update User.</summary>
public class OneToOneTests
{
    [Test]
    public void An_invite_reaches_the_invitee_with_alice_identity_key_filled_in_by_the_server()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        InviteRequest request = Requests.Invite(alice, bob.Address);
        request.Msg.AliceIdentityKey = ByteString.CopyFrom(0xEE);
        world.Time.Advance(TimeSpan.FromMilliseconds(1234));

        InviteResponse response = world.Server.Invite(alice.Credential, request);

        response.Code.Should().Be(ResponseCode.Ok);
        response.SessionId.Should().Be("session-1");
        response.InviteT.Should().Be(request.Msg.InviteT);
        ProtoMsg message = world.Sink.To(bob.Address).Should().ContainSingle().Subject;
        message.Should().Be(world.Pending(bob).Single());
        message.Tag.ProtoMsgId.Should().Be("msg-1");
        message.Tag.ProtoMsgT.Should().Be(world.NowMs);
        message.From.Should().Be(alice.Address);
        message.To.Should().Be(bob.Address);
        message.InviteMsg.AliceIdentityKey.ToByteArray().Should().Equal(alice.Account.Identity.Asym.PublicKey);
        InviteMsg expected = request.Msg.Clone();
        expected.AliceIdentityKey = ByteString.CopyFrom(alice.Account.Identity.Asym.PublicKey);
        message.InviteMsg.Should().Be(expected, "nothing else is changed");
    }

    [Test]
    public void Invite_refusals_change_nothing()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        Device carol = world.Register("carol", "phone");
        InviteRequest noSession = Requests.Invite(alice, bob.Address, sessionId: "");
        InviteRequest otherPack = Requests.Invite(alice, bob.Address);
        otherPack.Msg.E2EesPackId = 0x113101;

        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.Invite(alice.WrongCredential, Requests.Invite(alice, bob.Address)).Code);
        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.Invite(null, Requests.Invite(alice, bob.Address)).Code);
        world.ExpectRefusal(ResponseCode.Forbidden, () => world.Server.Invite(carol.Credential, Requests.Invite(alice, bob.Address)).Code);
        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.Invite(alice.Credential, Requests.Invite(alice, Engine.Protocol.Addresses.User(TestWorld.Domain, "bob", "tablet"))).Code);
        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.Invite(alice.Credential, Requests.Invite(alice, Engine.Protocol.Addresses.User("elsewhere.example", "bob", "phone"))).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.Invite(alice.Credential, Requests.Invite(alice, alice.Address)).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.Invite(alice.Credential, noSession).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.Invite(alice.Credential, otherPack).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.Invite(alice.Credential, new InviteRequest()).Code);
    }

    [Test]
    public void An_accept_reaches_the_inviter()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        AcceptRequest request = Requests.Accept(bob, alice.Address);

        world.Server.Accept(bob.Credential, request).Code.Should().Be(ResponseCode.Ok);

        ProtoMsg message = world.Pending(alice).Should().ContainSingle().Subject;
        message.AcceptMsg.Should().Be(request.Msg);
        message.From.Should().Be(bob.Address);
    }

    [Test]
    public void Accept_refusals_change_nothing()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");

        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.Accept(bob.WrongCredential, Requests.Accept(bob, alice.Address)).Code);
        world.ExpectRefusal(ResponseCode.Forbidden, () => world.Server.Accept(alice.Credential, Requests.Accept(bob, alice.Address)).Code);
        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.Accept(bob.Credential, Requests.Accept(bob, Engine.Protocol.Addresses.User(TestWorld.Domain, "zoe", "phone"))).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.Accept(bob.Credential, new AcceptRequest()).Code);
    }

    [Test]
    public void A_one_to_one_message_is_forwarded_unchanged()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        SendOne2oneMsgRequest request = Requests.One2One(alice, bob.Address, 1, 2, 3);

        world.Server.SendOne2oneMsg(alice.Credential, request).Code.Should().Be(ResponseCode.Ok);

        world.Pending(bob).Should().ContainSingle().Which.E2EeMsg.Should().Be(request.Msg);
    }

    [Test]
    public void Send_one_to_one_message_refusals_change_nothing()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        SendOne2oneMsgRequest groupPayload = Requests.One2One(alice, bob.Address, 1);
        groupPayload.Msg.GroupMsg = new GroupMsgPayload();

        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.SendOne2oneMsg(alice.WrongCredential, Requests.One2One(alice, bob.Address, 1)).Code);
        world.ExpectRefusal(ResponseCode.Forbidden, () => world.Server.SendOne2oneMsg(bob.Credential, Requests.One2One(alice, bob.Address, 1)).Code);
        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, Engine.Protocol.Addresses.User(TestWorld.Domain, "bob", "tablet"), 1)).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.SendOne2oneMsg(alice.Credential, groupPayload).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, new E2eeAddress { Domain = TestWorld.Domain }, 1)).Code);
    }

    [Test]
    public void A_user_update_reaches_the_users_other_devices_and_contacts_only()
    {
        var world = new TestWorld();
        Device alicePhone = world.Register("alice", "phone");
        Device aliceLaptop = world.Register("alice", "laptop");
        Device bob = world.Register("bob", "phone");
        Device carol = world.Register("carol", "phone");
        world.Server.SendOne2oneMsg(bob.Credential, Requests.One2One(bob, alicePhone.Address, 1));
        world.ConsumeAll(alicePhone, aliceLaptop, bob, carol);
        UpdateUserRequest request = Requests.UpdateUser(alicePhone, "Alice A.");

        world.Server.UpdateUser(alicePhone.Credential, request).Code.Should().Be(ResponseCode.Ok);

        world.Pending(aliceLaptop).Should().ContainSingle().Which.UpdateUserMsg.Should().Be(request.Msg);
        world.Pending(bob).Should().ContainSingle().Which.UpdateUserMsg.Should().Be(request.Msg);
        world.Pending(carol).Should().BeEmpty();
        world.Pending(alicePhone).Should().BeEmpty();
    }

    [Test]
    public void Update_user_refusals_change_nothing()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");

        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.UpdateUser(alice.WrongCredential, Requests.UpdateUser(alice, "x")).Code);
        world.ExpectRefusal(ResponseCode.Forbidden, () => world.Server.UpdateUser(bob.Credential, Requests.UpdateUser(alice, "x")).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.UpdateUser(alice.Credential, new UpdateUserRequest()).Code);
    }

    [Test]
    public void A_re_sent_message_with_the_same_msg_id_is_answered_ok_and_stored_once()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "a1");
        Device bob = world.Register("bob", "b1");
        SendOne2oneMsgRequest request = Requests.One2One(alice, bob.Address, 1, 2, 3);

        world.Server.SendOne2oneMsg(alice.Credential, request).Code.Should().Be(ResponseCode.Ok);
        world.Server.SendOne2oneMsg(alice.Credential, request).Code.Should().Be(ResponseCode.Ok, "a device restarted after a crash re-sends its unconfirmed outbox");

        world.Server.Pending(bob.Address).Should().ContainSingle();
    }

    [Test]
    public void A_re_sent_invite_or_pqc_accept_is_answered_ok_and_stored_once_while_a_new_one_is_forwarded()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "a1");
        Device bob = world.Register("bob", "b1");
        InviteRequest invite = Requests.Invite(alice, bob.Address, "session-1");
        AcceptRequest accept = Requests.Accept(bob, alice.Address);
        accept.Msg.EncapsCiphertext = Google.Protobuf.ByteString.CopyFrom(1, 1, 1); // a KEM ciphertext: fresh for every accept

        InviteResponse first = world.Server.Invite(alice.Credential, invite);
        InviteResponse again = world.Server.Invite(alice.Credential, invite);
        world.Server.Accept(bob.Credential, accept).Code.Should().Be(ResponseCode.Ok);
        world.Server.Accept(bob.Credential, accept).Code.Should().Be(ResponseCode.Ok, "a device restarted after a crash sends its unanswered requests again");

        again.Should().Be(first);
        world.Server.Pending(bob.Address).Should().ContainSingle("the invite is forwarded once");
        world.Server.Pending(alice.Address).Should().ContainSingle("the accept is forwarded once");

        world.Server.Invite(alice.Credential, Requests.Invite(alice, bob.Address, "session-2")).Code.Should().Be(ResponseCode.Ok);
        AcceptRequest other = accept.Clone();
        other.Msg.EncapsCiphertext = Google.Protobuf.ByteString.CopyFrom(2, 2, 2);
        world.Server.Accept(bob.Credential, other).Code.Should().Be(ResponseCode.Ok);
        world.Server.Pending(bob.Address).Should().HaveCount(2, "a new invite is forwarded");
        world.Server.Pending(alice.Address).Should().HaveCount(2, "a new accept is forwarded");
    }

    [Test]
    public void An_ecc_accept_is_forwarded_every_time_being_the_same_bytes_for_every_session_of_two_devices()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "a1");
        Device bob = world.Register("bob", "b1");
        AcceptRequest accept = Requests.Accept(bob, alice.Address); // no KEM ciphertext; the ratchet key is bob's signed pre-key

        world.Server.Accept(bob.Credential, accept).Code.Should().Be(ResponseCode.Ok);
        world.Server.Accept(bob.Credential, accept).Code.Should().Be(ResponseCode.Ok);

        world.Server.Pending(alice.Address).Should().HaveCount(2, "the second may be the accept of a new session: dropping it would leave that session waiting for good");
    }
}

using Google.Protobuf;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>
/// Limits, checked first (issue 12 §1): a request over a limit of <see cref="E2eeServerOptions"/> — its size, or one
/// field of each class (identifier, text, ciphertext, key, list), or the authenticator — is refused with
/// PAYLOAD_TOO_LARGE and changes nothing; at the limit it is served. A message that would overfill an inbox is refused
/// with SERVICE_UNAVAILABLE for every recipient, and its id is not taken, so it can be sent again.
/// </summary>
public sealed class RequestLimitTests
{
    private static (TestWorld World, Device Alice, Device Bob) Pair(Action<E2eeServerOptions>? configure = null)
    {
        var world = new TestWorld(configure: configure);
        return (world, world.Register("alice", "phone", oneTimePreKeys: 2), world.Register("bob", "phone", oneTimePreKeys: 2));
    }

    [Test]
    public void Request_bytes_over_the_limit_are_refused_before_they_are_parsed()
    {
        var (world, alice, _) = Pair(o => o.MaxRequestBytes = 1000);
        byte[] garbage = new byte[1001];
        Array.Fill(garbage, (byte)0xFF); // would be BAD_REQUEST if it were parsed

        world.ExpectRefusal(ResponseCode.PayloadTooLarge, () => SendOne2oneMsgResponse.Parser.ParseFrom(world.Server.Handle(RequestType.SendOne2oneMsg, alice.Credential, garbage)).Code);
    }

    [Test]
    public void A_typed_request_over_the_size_limit_is_refused_and_one_at_it_is_served()
    {
        var (world, alice, bob) = Pair(o => o.MaxRequestBytes = 1000);
        SendOne2oneMsgRequest atLimit = SizedTo(Requests.One2One(alice, bob.Address), 1000);
        SendOne2oneMsgRequest over = SizedTo(Requests.One2One(alice, bob.Address), 1001);

        atLimit.CalculateSize().Should().Be(1000);
        over.CalculateSize().Should().Be(1001);
        world.Server.SendOne2oneMsg(alice.Credential, atLimit).Code.Should().Be(ResponseCode.Ok);
        world.ExpectRefusal(ResponseCode.PayloadTooLarge, () => world.Server.SendOne2oneMsg(alice.Credential, over).Code);
    }

    [TestCase("ciphertext", 1000, 1001)]
    [TestCase("msg id", 40, 41)]
    [TestCase("session id", 40, 41)]
    [TestCase("ratchet key", 100, 101)]
    public void Each_field_class_is_refused_one_past_its_limit(string field, int atLimit, int over)
    {
        var (world, alice, bob) = Pair(o =>
        {
            o.MaxCiphertextBytes = 1000;
            o.MaxIdentifierLength = 40;
            o.MaxKeyBytes = 100;
        });

        world.Server.SendOne2oneMsg(alice.Credential, With(Requests.One2One(alice, bob.Address), field, atLimit)).Code.Should().Be(ResponseCode.Ok, $"{field} at its limit");
        world.ExpectRefusal(ResponseCode.PayloadTooLarge, () => world.Server.SendOne2oneMsg(alice.Credential, With(Requests.One2One(alice, bob.Address), field, over)).Code);
    }

    [Test]
    public void Text_over_its_limit_is_refused()
    {
        var (world, alice, _) = Pair(o => o.MaxTextLength = 50);
        UpdateUserRequest request = Requests.UpdateUser(alice, "alice");
        request.Msg.UpdateUserNameArg = null;
        request.Msg.UpdateUserAvatarArg = new UpdateUserAvatarArg { UserAvatarUrl = new string('x', 51) };

        world.ExpectRefusal(ResponseCode.PayloadTooLarge, () => world.Server.UpdateUser(alice.Credential, request).Code);
    }

    [Test]
    public void A_list_over_its_limit_is_refused()
    {
        var (world, alice, _) = Pair(o => o.MaxListLength = 3);
        CreateGroupRequest request = Requests.CreateGroup(alice, "g", ("alice", GroupRole.Manager), ("bob", GroupRole.Member), ("carol", GroupRole.Member), ("dave", GroupRole.Member));

        world.ExpectRefusal(ResponseCode.PayloadTooLarge, () => world.Server.CreateGroup(alice.Credential, request).Code);
    }

    [Test]
    public void An_identifier_over_its_limit_is_refused_at_registration()
    {
        var world = new TestWorld();
        var account = TestAccounts.Get(Engine.Crypto.CipherSuite.Ecc, "long/phone");

        world.ExpectRefusal(ResponseCode.PayloadTooLarge, () => world.Server.RegisterUser(Requests.Register(account, new string('u', 257), "phone")).Code);
    }

    [Test]
    public void An_authenticator_over_its_limit_is_refused_before_it_is_compared()
    {
        var (world, alice, bob) = Pair();
        var huge = new DeviceCredential(alice.Address, new string('t', 10_000_000));

        world.ExpectRefusal(ResponseCode.PayloadTooLarge, () => world.Server.SendOne2oneMsg(huge, Requests.One2One(alice, bob.Address, 1)).Code);
    }

    [Test]
    public void A_ten_million_character_id_is_refused_and_not_echoed()
    {
        var (world, alice, _) = Pair();
        var request = new ConsumeProtoMsgRequest { ProtoMsgId = new string('i', 10_000_000) };

        ConsumeProtoMsgResponse response = world.Server.ConsumeProtoMsg(alice.Credential, request);

        response.Code.Should().Be(ResponseCode.PayloadTooLarge);
        response.CalculateSize().Should().BeLessThan(1000, "the reply does not echo the id");
    }

    [Test]
    public void A_message_that_would_overfill_an_inbox_is_refused_and_can_be_sent_again_later()
    {
        var (world, alice, bob) = Pair(o => o.MaxInboxMessages = 3);
        for (int i = 0; i < 3; i++)
        {
            world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1)).Code.Should().Be(ResponseCode.Ok);
        }

        SendOne2oneMsgRequest fourth = Requests.One2One(alice, bob.Address, 4);
        world.ExpectRefusal(ResponseCode.ServiceUnavailable, () => world.Server.SendOne2oneMsg(alice.Credential, fourth).Code);

        world.ConsumeAll(bob);
        world.Server.SendOne2oneMsg(alice.Credential, fourth).Code.Should().Be(ResponseCode.Ok);
        world.Pending(bob).Should().ContainSingle("the refused id was not taken, so the same message is stored when sent again")
            .Which.E2EeMsg.MsgId.Should().Be(fourth.Msg.MsgId);
    }

    [Test]
    public void A_group_message_is_refused_for_everyone_when_one_inbox_is_full()
    {
        var (world, alice, bob) = Pair(o => o.MaxInboxBytes = 2000);
        Device carol = world.Register("carol", "phone", oneTimePreKeys: 2);
        CreateGroupResponse created = world.Server.CreateGroup(alice.Credential, Requests.CreateGroup(alice, "g", ("alice", GroupRole.Manager), ("bob", GroupRole.Member), ("carol", GroupRole.Member)));
        created.Code.Should().Be(ResponseCode.Ok);
        world.ConsumeAll(bob, carol);
        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, carol.Address, new byte[1500])).Code.Should().Be(ResponseCode.Ok);

        world.ExpectRefusal(ResponseCode.ServiceUnavailable, () => world.Server.SendGroupMsg(alice.Credential, Requests.GroupMsg(alice, created.GroupAddress, new byte[600])).Code);
        world.Pending(bob).Should().BeEmpty("nothing is stored for anyone");
    }

    [Test]
    public void Notices_a_request_makes_count_against_the_inbox_too()
    {
        var (world, alice, bob) = Pair(o => o.MaxInboxMessages = 2);
        CreateGroupResponse created = world.Server.CreateGroup(alice.Credential, Requests.CreateGroup(alice, "g", ("alice", GroupRole.Manager), ("bob", GroupRole.Member)));
        created.Code.Should().Be(ResponseCode.Ok);
        world.Server.LeaveGroup(bob.Credential, Requests.Leave(bob, created.GroupAddress)).Code.Should().Be(ResponseCode.Ok);
        world.Server.LeaveGroup(bob.Credential, Requests.Leave(bob, created.GroupAddress)).Code.Should().Be(ResponseCode.Ok);

        world.ExpectRefusal(ResponseCode.ServiceUnavailable, () => world.Server.LeaveGroup(bob.Credential, Requests.Leave(bob, created.GroupAddress)).Code);

        world.Register("carol", "phone", oneTimePreKeys: 0);
        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1)).Code.Should().Be(ResponseCode.Ok, "bob's inbox: the create notice and this");
        world.ExpectRefusal(ResponseCode.ServiceUnavailable, () => world.Server.AddGroupMembers(alice.Credential, Requests.AddMembers(alice, created.GroupAddress, 0, "carol")).Code);
    }

    [Test]
    public void A_user_update_to_a_contact_with_a_full_inbox_is_refused()
    {
        var (world, alice, bob) = Pair(o => o.MaxInboxMessages = 1);
        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1)).Code.Should().Be(ResponseCode.Ok);

        world.ExpectRefusal(ResponseCode.ServiceUnavailable, () => world.Server.UpdateUser(alice.Credential, Requests.UpdateUser(alice, "Alice")).Code);
    }

    [Test]
    public void A_group_whose_seed_devices_would_refuse_is_refused_before_it_is_created()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone", Engine.Crypto.CipherSuite.Pqc, oneTimePreKeys: 0);
        const int Users = 3_300; // ML-DSA-87 keys of 2,592 bytes: about 8.7 MB of member keys, over the 8 MiB ciphertext limit
        for (int i = 1; i < Users; i++)
        {
            world.Server.RegisterUser(Requests.Register(alice.Account, $"u{i:D4}", "1", oneTimePreKeys: 0)).Code.Should().Be(ResponseCode.Ok);
        }

        CreateGroupRequest create = Requests.CreateGroup(alice, "big", [("alice", GroupRole.Manager), .. Enumerable.Range(1, Users - 1).Select(i => ($"u{i:D4}", GroupRole.Member))]);

        world.ExpectRefusal(ResponseCode.PayloadTooLarge, () => world.Server.CreateGroup(alice.Credential, create).Code);
    }

    [Test]
    public void Server_limits_cannot_be_raised_above_the_devices_own()
    {
        Action above = () => _ = new E2eeServer(new E2eeServerOptions { MaxRequestBytes = WireLimits.Default.MaxMessageBytes + 1 });

        above.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(E2eeServerOptions.MaxRequestBytes));
    }

    [Test]
    public void A_full_inbox_drains_in_any_order_and_its_byte_count_returns_to_zero()
    {
        var (world, alice, bob) = Pair();
        var store = (ProtoMsgStore)typeof(E2eeServer).GetField("_store", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(world.Server)!;
        for (int i = 0; i < 5_000; i++)
        {
            world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, (byte)(i % 256))).Code.Should().Be(ResponseCode.Ok);
        }

        List<ProtoMsg> pending = [.. world.Pending(bob)];
        pending.Should().HaveCount(5_000);
        foreach (ProtoMsg m in pending.Where((_, i) => i % 2 == 1).Concat(pending.Where((_, i) => i % 2 == 0)))
        {
            world.Server.ConsumeProtoMsg(bob.Credential, Requests.Consume(m)).Code.Should().Be(ResponseCode.Ok);
        }

        world.Pending(bob).Should().BeEmpty();
        var accounts = (AccountRegistry)typeof(E2eeServer).GetField("_accounts", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(world.Server)!;
        accounts.TryDevice(bob.Address)!.Inbox.Bytes.Should().Be(0);
        store.RememberedIds.Should().BeGreaterThanOrEqualTo(5_000, "consumed ids stay in the window");
        world.Server.ConsumeProtoMsg(bob.Credential, Requests.Consume(pending[0])).Code.Should().Be(ResponseCode.NotFound, "consumed once");
    }

    [Test]
    public void One_member_filling_an_offline_members_inbox_fills_only_its_share_and_others_still_reach_the_group()
    {
        var (world, alice, bob) = Pair(o =>
        {
            o.MaxInboxMessages = 10;
            o.MaxInboxMessagesPerSender = 3;
        });
        Device carol = world.Register("carol", "phone", oneTimePreKeys: 0);
        CreateGroupResponse created = world.Server.CreateGroup(alice.Credential, Requests.CreateGroup(alice, "g", ("alice", GroupRole.Manager), ("bob", GroupRole.Member), ("carol", GroupRole.Member)));
        world.ConsumeAll(bob, carol);
        for (int i = 0; i < 3; i++)
        {
            world.Server.SendGroupMsg(carol.Credential, Requests.GroupMsg(carol, created.GroupAddress, [1], allow: [bob.Address])).Code.Should().Be(ResponseCode.Ok);
        }

        world.ExpectRefusal(ResponseCode.ServiceUnavailable, () => world.Server.SendGroupMsg(carol.Credential, Requests.GroupMsg(carol, created.GroupAddress, [2], allow: [bob.Address])).Code);
        world.Server.SendGroupMsg(alice.Credential, Requests.GroupMsg(alice, created.GroupAddress, [3])).Code.Should().Be(ResponseCode.Ok, "alice's share of bob's inbox is untouched");
        world.Pending(bob).Should().HaveCount(4);
    }

    [Test]
    public void Limits_must_be_positive()
    {
        Action zero = () => _ = new E2eeServer(new E2eeServerOptions { MaxCiphertextBytes = 0 });

        zero.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(E2eeServerOptions.MaxCiphertextBytes));
    }

    [Test]
    public void Proto_msg_ids_are_kept_in_a_bounded_window()
    {
        var (world, alice, bob) = Pair();
        var store = (ProtoMsgStore)typeof(E2eeServer).GetField("_store", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(world.Server)!;
        for (int i = 0; i < 3 * State.IssuedProtoMsgIds.ConsumedWindow / 1000; i++)
        {
            world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1)).Code.Should().Be(ResponseCode.Ok);
            world.ConsumeAll(bob);
        }

        store.RememberedIds.Should().BeLessThanOrEqualTo(State.IssuedProtoMsgIds.ConsumedWindow);
        world.Pending(bob).Should().BeEmpty();
    }

    /// <summary>The request with a ciphertext that makes it exactly <paramref name="size"/> bytes.</summary>
    private static SendOne2oneMsgRequest SizedTo(SendOne2oneMsgRequest request, int size)
    {
        int length = 0;
        while (request.CalculateSize() < size)
        {
            request.Msg.One2OneMsg.Ciphertext = ByteString.CopyFrom(new byte[++length]);
        }

        return request;
    }

    private static SendOne2oneMsgRequest With(SendOne2oneMsgRequest request, string field, int length)
    {
        switch (field)
        {
            case "ciphertext":
                request.Msg.One2OneMsg.Ciphertext = ByteString.CopyFrom(new byte[length]);
                break;
            case "msg id":
                request.Msg.MsgId = new string('m', length - 8) + Guid.NewGuid().ToString("N")[..8];
                break;
            case "session id":
                request.Msg.SessionId = new string('s', length);
                break;
            default:
                request.Msg.One2OneMsg.RatchetKey = ByteString.CopyFrom(new byte[length]);
                break;
        }

        return request;
    }
}

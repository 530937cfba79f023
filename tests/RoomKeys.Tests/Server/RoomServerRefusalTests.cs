using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>
/// The server alone, with requests written by hand: each request it cannot carry out is answered with one
/// RequestRefused to its sender, with a stable code (ServerRefusal), and changes no room.
/// </summary>
public sealed class RoomServerRefusalTests
{
    private static readonly ByteString Wrapped = ByteString.CopyFrom(new byte[RoomHarness.Bits / 8]);

    [Test]
    public void An_unregistered_connection_is_refused_with_not_registered()
    {
        var server = new RoomServer();

        server.Handle(Request("eve", r => r.NewSession = new NewSessionRequest { SessionId = "r", E2EeOn = true }), 0)
            .Should().ContainSingle().Which.Refused.Code.Should().Be(ServerRefusal.NotRegistered);
        server.Sessions.Should().BeEmpty();
    }

    [Test]
    public void An_empty_request_is_refused_with_empty_request()
    {
        RoomServer server = Registered("alice");

        Refusal(server, Request("alice", _ => { })).Should().Be(new RequestRefused { Request = "request", Code = ServerRefusal.EmptyRequest, SessionId = "" });
    }

    [Test]
    public void Every_request_about_a_room_that_does_not_exist_is_refused_with_no_such_session()
    {
        RoomServer server = Registered("alice", "bob");

        foreach (Action<ServerRequest> fill in AboutRoom("nowhere"))
        {
            RequestRefused refused = Refusal(server, Request("alice", fill));
            (refused.Code, refused.SessionId).Should().Be((ServerRefusal.NoSuchSession, "nowhere"));
        }
    }

    [Test]
    public void Every_member_only_request_of_an_outsider_is_refused_with_not_a_member()
    {
        RoomServer server = Registered("alice", "bob", "eve");
        Handle(server, "alice", r => r.NewSession = new NewSessionRequest { SessionId = "r", E2EeOn = true });

        foreach (Action<ServerRequest> fill in AboutRoom("r").Where((_, i) => i is not 0 and not 3))
        {
            Refusal(server, Request("eve", fill)).Code.Should().Be(ServerRefusal.NotAMember);
        }

        server.Sessions["r"].Members.Should().Equal("alice");
    }

    [Test]
    public void A_room_key_for_a_user_outside_the_room_is_refused_with_not_a_member()
    {
        RoomServer server = Registered("alice", "bob");
        Handle(server, "alice", r => r.NewSession = new NewSessionRequest { SessionId = "r", E2EeOn = true });

        Refusal(server, Request("alice", r => r.SendRoomKey = new SendRoomKeyRequest { SessionId = "r", User = "bob", Generation = 1, RoomKey = Wrapped }))
            .Code.Should().Be(ServerRefusal.NotAMember);
    }

    [Test]
    public void A_message_whose_sender_is_not_the_connections_user_is_refused_with_forged_sender()
    {
        RoomServer server = Member("alice", "bob");

        Refusal(server, Message("alice", new RoomMessage { SessionId = "r", Sender = "bob", Encrypted = true, Generation = 1, Body = Wrapped }))
            .Code.Should().Be(ServerRefusal.ForgedSender);
    }

    [Test]
    public void Messages_and_keys_outside_the_current_generation_and_the_one_before_are_refused()
    {
        RoomServer server = Member("alice", "bob");
        Handle(server, "alice", r => r.E2EeizeSession = new E2eeizeSessionRequest { SessionId = "r" });
        Handle(server, "alice", r => r.E2EeizeSession = new E2eeizeSessionRequest { SessionId = "r" });
        server.Sessions["r"].Generation.Should().Be(3);

        foreach ((uint generation, string code) in new[] { (0u, ServerRefusal.RetiredRoomKey), (1u, ServerRefusal.RetiredRoomKey), (4u, ServerRefusal.UnknownGeneration) })
        {
            Refusal(server, Message("alice", new RoomMessage { SessionId = "r", Sender = "alice", Encrypted = true, Generation = generation, Body = Wrapped })).Code.Should().Be(code);
        }

        foreach (uint generation in new[] { 0u, 4u })
        {
            Refusal(server, Request("alice", r => r.SendRoomKey = new SendRoomKeyRequest { SessionId = "r", User = "bob", Generation = generation, RoomKey = Wrapped })).Code.Should().Be(ServerRefusal.UnknownGeneration);
        }

        // RK-22: a key of a retired generation is of no use to bob, who has the current one coming: nothing is relayed, nothing refused.
        server.Handle(Request("alice", r => r.SendRoomKey = new SendRoomKeyRequest { SessionId = "r", User = "bob", Generation = 1, RoomKey = Wrapped }), 0).Should().BeEmpty();

        foreach (uint generation in new[] { 2u, 3u })
        {
            server.Handle(Message("alice", new RoomMessage { SessionId = "r", Sender = "alice", Encrypted = true, Generation = generation, Body = Wrapped }), 0)
                .Should().ContainSingle().Which.To.Should().Be("bob");
        }
    }

    [Test]
    public void An_admission_nobody_asked_for_is_refused_with_not_pending()
    {
        RoomServer server = Registered("alice", "bob");
        Handle(server, "alice", r => r.NewSession = new NewSessionRequest { SessionId = "r", E2EeOn = true });

        Refusal(server, Request("alice", r => r.AllowUserJoinSession = new AllowUserJoinSessionRequest { SessionId = "r", User = "bob", Generation = 1, RoomKey = Wrapped }))
            .Code.Should().Be(ServerRefusal.NotPending);
        server.Sessions["r"].Members.Should().Equal("alice");
    }

    [Test]
    public void A_member_asking_to_join_again_is_refused_with_already_member()
    {
        RoomServer server = Member("alice", "bob");

        Refusal(server, Request("bob", r => r.JoinSession = new JoinSessionRequest { SessionId = "r" })).Code.Should().Be(ServerRefusal.AlreadyMember);
    }

    [Test]
    public void A_message_goes_to_every_other_member_with_a_rising_server_sequence()
    {
        RoomServer server = Member("alice", "bob", "carol");
        var text = new RoomMessage { SessionId = "r", Sender = "alice", Encrypted = false, Body = ByteString.CopyFromUtf8("hi") };

        IReadOnlyList<ServerNotification> first = server.Handle(Message("alice", text), 5);
        IReadOnlyList<ServerNotification> second = server.Handle(Message("alice", text), 6);

        first.Select(n => n.To).Should().Equal("bob", "carol");
        first.Should().OnlyContain(n => n.Message.Message.Equals(text) && n.ServerTimeMs == 5);
        second[0].Message.ServerSequence.Should().Be(first[0].Message.ServerSequence + 1);
    }

    [Test]
    public void The_last_member_leaving_ends_the_room()
    {
        RoomServer server = Member("alice");

        Handle(server, "alice", r => r.LeaveSession = new LeaveSessionRequest { SessionId = "r" });
        server.Sessions.Should().BeEmpty();
    }

    /// <summary>One request of each kind about <paramref name="room"/> (the first, join_session, and the fourth, accept_join_session_approval, need no membership).</summary>
    private static IEnumerable<Action<ServerRequest>> AboutRoom(string room) =>
    [
        r => r.JoinSession = new JoinSessionRequest { SessionId = room },
        r => r.AllowUserJoinSession = new AllowUserJoinSessionRequest { SessionId = room, User = "bob", Generation = 1, RoomKey = Wrapped },
        r => r.InviteUserToSession = new InviteUserToSessionRequest { SessionId = room, User = "bob" },
        r => r.AcceptJoinSessionApproval = new AcceptJoinSessionApprovalRequest { SessionId = room },
        r => r.SendRoomKey = new SendRoomKeyRequest { SessionId = room, User = "bob", Generation = 1, RoomKey = Wrapped },
        r => r.SendMessage = new SendMessageRequest { Message = new RoomMessage { SessionId = room, Sender = r.From, Encrypted = true, Generation = 1, Body = Wrapped } },
        r => r.LeaveSession = new LeaveSessionRequest { SessionId = room },
        r => r.RemoveSessionMember = new RemoveSessionMemberRequest { SessionId = room, User = "bob" },
        r => r.E2EeizeSession = new E2eeizeSessionRequest { SessionId = room },
        r => r.Dee2EeizeSession = new Dee2eeizeSessionRequest { SessionId = room },
    ];

    private static RoomServer Registered(params string[] users)
    {
        var server = new RoomServer();
        foreach (string user in users)
        {
            server.Handle(Request(user, r => r.Register = new RegisterRequest { PublicKey = RoomHarness.PublicKeyOf(user) }), 0).Should().BeEmpty();
        }

        return server;
    }

    /// <summary>An encrypted room r of the first user with the others admitted.</summary>
    private static RoomServer Member(params string[] users)
    {
        RoomServer server = Registered(users);
        Handle(server, users[0], r => r.NewSession = new NewSessionRequest { SessionId = "r", E2EeOn = true });
        foreach (string user in users.Skip(1))
        {
            Handle(server, user, r => r.JoinSession = new JoinSessionRequest { SessionId = "r" });
            Handle(server, users[0], r => r.AllowUserJoinSession = new AllowUserJoinSessionRequest { SessionId = "r", User = user, Generation = 1, RoomKey = Wrapped });
        }

        server.Sessions["r"].Members.Should().Equal(users);
        return server;
    }

    private static IReadOnlyList<ServerNotification> Handle(RoomServer server, string from, Action<ServerRequest> fill) => server.Handle(Request(from, fill), 0);

    private static ServerRequest Request(string from, Action<ServerRequest> fill)
    {
        var request = new ServerRequest { From = from };
        fill(request);
        return request;
    }

    private static ServerRequest Message(string from, RoomMessage message) => Request(from, r => r.SendMessage = new SendMessageRequest { Message = message });

    private static RequestRefused Refusal(RoomServer server, ServerRequest request)
    {
        ServerNotification refused = server.Handle(request, 0).Should().ContainSingle().Subject;
        refused.To.Should().Be(request.From);
        return refused.Refused;
    }
}

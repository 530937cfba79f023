using Google.Protobuf;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.State;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>
/// Atomic requests (issue 12 §2): for every handler, a request that succeeds when nothing fails is failed at each of
/// its steps in turn through the fault-injection seam (<see cref="E2eeServer.FaultInjection"/>); each time it must
/// answer INTERNAL_SERVER_ERROR (or the injected refusal), leave the server's whole state as it was
/// (<see cref="E2eeServer.DescribeState"/>: everything stored, every index, counter, remembered id and queued delivery)
/// and deliver nothing; afterwards the same request still succeeds. Requests go in as bytes through
/// <see cref="E2eeServer.Handle"/>.
/// </summary>
public class AtomicRequestTests
{
    /// <summary>A busy server: contacts, a group, messages waiting, a device not yet announced to the group.</summary>
    private sealed record Fixture(TestWorld World, Device Alice, Device AliceTablet, Device Bob, Device Carol, Device Dave, E2eeAddress Group)
    {
        public static Fixture Build()
        {
            var world = new TestWorld();
            Device alice = world.Register("alice", "phone");
            Device bob = world.Register("bob", "phone", oneTimePreKeys: 10); // one bundle more puts it below the refill threshold
            Device carol = world.Register("carol", "phone");
            Device dave = world.Register("dave", "phone");
            world.Server.Invite(alice.Credential, Requests.Invite(alice, bob.Address)).Code.Should().Be(ResponseCode.Ok);
            world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1)).Code.Should().Be(ResponseCode.Ok);
            world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 2)).Code.Should().Be(ResponseCode.Ok);
            CreateGroupResponse group = world.Server.CreateGroup(alice.Credential, Requests.CreateGroup(alice, "pair", ("alice", GroupRole.Manager), ("bob", GroupRole.Member)));
            group.Code.Should().Be(ResponseCode.Ok);
            Device aliceTablet = world.Register("alice", "tablet");
            return new Fixture(world, alice, aliceTablet, bob, carol, dave, group.GroupAddress);
        }
    }

    /// <summary>One request of a handler: its type, its credential and its bytes, made for a given fixture.</summary>
    public sealed record Case(string Name, RequestType Type, Func<object, (DeviceCredential? Credential, IMessage Request)> Make)
    {
        public override string ToString() => Name;
    }

    private static Case Make(string name, RequestType type, Func<Fixture, (DeviceCredential?, IMessage)> make) =>
        new(name, type, f => make((Fixture)f));

    private static IEnumerable<Case> Cases() =>
    [
        Make("register a new user", RequestType.RegisterUser,
            f => (null, Requests.Register(TestAccounts.Get(CipherSuite.Ecc, "erin/phone"), "erin", "phone"))),
        Make("register a device of a user with devices, contacts and a group", RequestType.RegisterUser,
            f => (null, Requests.Register(TestAccounts.Get(CipherSuite.Ecc, "alice/laptop"), "alice", "laptop"))),
        Make("publish a signed pre-key", RequestType.PublishSpk, f =>
        {
            var (_, spk) = f.Alice.Account.RenewSignedPreKeyIfExpired(TestWorld.StartMs + (long)TimeSpan.FromDays(8).TotalMilliseconds, new ReferenceStreamRandom("renewal"));
            return (f.Alice.Credential, Requests.PublishSpk(f.Alice, spk!.ToPublicWire()));
        }),
        Make("supply one-time pre-keys", RequestType.SupplyOpks,
            f => (f.Bob.Credential, Requests.SupplyOpks(f.Bob, f.Bob.Account.OneTimePreKeys.Skip(10).Take(3).Select(k => k.ToPublicWire())))),
        Make("fetch bundles, taking a one-time pre-key and asking for a refill", RequestType.GetPreKeyBundle,
            f => (f.Alice.Credential, Requests.Bundle(f.Bob))),
        Make("update a user", RequestType.UpdateUser, f => (f.Alice.Credential, Requests.UpdateUser(f.Alice, "Alice A."))),
        Make("invite a new contact", RequestType.Invite, f => (f.Alice.Credential, Requests.Invite(f.Alice, f.Carol.Address))),
        Make("accept", RequestType.Accept, f => (f.Carol.Credential, Requests.Accept(f.Carol, f.Alice.Address))),
        Make("send a first one-to-one message", RequestType.SendOne2oneMsg, f => (f.Dave.Credential, Requests.One2One(f.Dave, f.Carol.Address, 3))),
        Make("create a group", RequestType.CreateGroup, f => (f.Alice.Credential,
            Requests.CreateGroup(f.Alice, "trio", ("alice", GroupRole.Manager), ("carol", GroupRole.Member), ("dave", GroupRole.Manager)))),
        Make("add members", RequestType.AddGroupMembers, f => (f.Alice.Credential, Requests.AddMembers(f.Alice, f.Group, 1, "carol", "dave"))),
        Make("remove a member", RequestType.RemoveGroupMembers, f => (f.Alice.Credential, Requests.RemoveMembers(f.Alice, f.Group, "bob"))),
        Make("announce a member device", RequestType.AddGroupMemberDevice,
            f => (f.Alice.Credential, Requests.AddMemberDevice(f.Alice, f.Group, f.AliceTablet.Address))),
        Make("leave a group", RequestType.LeaveGroup, f => (f.Bob.Credential, Requests.Leave(f.Bob, f.Group))),
        Make("send a group message", RequestType.SendGroupMsg, f => (f.Bob.Credential, Requests.GroupMsg(f.Bob, f.Group, [4, 5]))),
        Make("consume a message from the middle of an inbox", RequestType.ConsumeProtoMsg,
            f => (f.Bob.Credential, Requests.Consume(f.World.Pending(f.Bob)[1]))),
    ];

    [TestCaseSource(nameof(Cases))]
    public void A_request_failing_at_any_step_changes_nothing_and_delivers_nothing(Case request)
    {
        List<string> steps = StepsOf(request);
        steps.Count.Should().BeGreaterThan(2, "the request changes something: validation, at least one change, the response");

        Fixture fixture = Fixture.Build();
        var (credential, message) = request.Make(fixture);
        byte[] bytes = message.ToByteArray();
        for (int failAt = 0; failAt < steps.Count; failAt++)
        {
            IReadOnlyList<string> before = fixture.World.Server.DescribeState();
            int delivered = fixture.World.Sink.Delivered.Count;
            int step = 0;
            int target = failAt;
            fixture.World.Server.FaultInjection = name =>
            {
                if (step++ == target)
                {
                    throw new InvalidOperationException($"injected failure at step {target} ({name})");
                }
            };

            ResponseCode code = ResponseBytes.CodeOf(request.Type, fixture.World.Server.Handle(request.Type, credential, bytes));

            fixture.World.Server.FaultInjection = null;
            code.Should().Be(ResponseCode.InternalServerError, $"the request failed at step {failAt} ({steps[failAt]})");
            fixture.World.Server.DescribeState().Should().Equal(before, $"a request failing at step {failAt} ({steps[failAt]}) changes nothing");
            fixture.World.Sink.Delivered.Should().HaveCount(delivered, $"a request failing at step {failAt} ({steps[failAt]}) delivers nothing");
        }

        ResponseBytes.CodeOf(request.Type, fixture.World.Server.Handle(request.Type, credential, bytes))
            .Should().Be(ResponseCode.Ok, "the server still serves the request once nothing fails");
    }

    [Test]
    public void A_refusal_thrown_after_changes_reverts_them_too()
    {
        Fixture fixture = Fixture.Build();
        IReadOnlyList<string> before = fixture.World.Server.DescribeState();
        int delivered = fixture.World.Sink.Delivered.Count;
        fixture.World.Server.FaultInjection = name =>
        {
            if (name == "message stored")
            {
                throw RefusalException.Refuse(ResponseCode.ServiceUnavailable, "injected");
            }
        };

        fixture.World.Server.AddGroupMembers(fixture.Alice.Credential, Requests.AddMembers(fixture.Alice, fixture.Group, 1, "carol"))
            .Code.Should().Be(ResponseCode.ServiceUnavailable);

        fixture.World.Server.FaultInjection = null;
        fixture.World.Server.DescribeState().Should().Equal(before);
        fixture.World.Sink.Delivered.Should().HaveCount(delivered);
    }

    [Test]
    public void A_failed_request_is_reverted_in_a_group_of_a_thousand_members()
    {
        var world = new TestWorld();
        Device owner = world.Register("owner", "phone", oneTimePreKeys: 0);
        var members = new List<(string, GroupRole)> { ("owner", GroupRole.Manager) };
        for (int i = 0; i < 1_000; i++)
        {
            world.Server.RegisterUser(Requests.Register(owner.Account, $"m{i}", "phone", oneTimePreKeys: 0)).Code.Should().Be(ResponseCode.Ok);
            members.Add(($"m{i}", GroupRole.Member));
        }

        IReadOnlyList<string> before = world.Server.DescribeState();
        int stored = 0;
        world.Server.FaultInjection = name =>
        {
            if (name == "message stored" && ++stored == 700)
            {
                throw new OutOfMemoryException("injected: out of memory at the 700th recipient");
            }
        };

        world.Server.CreateGroup(owner.Credential, Requests.CreateGroup(owner, "big", [.. members])).Code.Should().Be(ResponseCode.InternalServerError);

        world.Server.FaultInjection = null;
        world.Server.DescribeState().Should().Equal(before, "the group is not created and no member received the notice");
        world.Server.Stats().Groups.Should().Be(0);
        world.Sink.Delivered.Should().BeEmpty();
    }

    [Test]
    public void The_remembered_message_ids_revert_an_addition_that_evicted_the_oldest()
    {
        var ids = new RecentMessageIds();
        for (int i = 0; i < RecentMessageIds.Capacity; i++)
        {
            ids.Add($"m{i}");
        }

        List<string> before = [.. ids.Describe()];
        Action undo = ids.Add("newest")!;
        ids.Contains("m0").Should().BeFalse("the oldest was evicted");

        undo();

        ids.Describe().Should().Equal(before);
        ids.Contains("m0").Should().BeTrue();
        ids.Contains("newest").Should().BeFalse();
        ids.Add("m5").Should().BeNull("an id already remembered changes nothing");
    }

    [Test]
    public void The_consumed_id_window_reverts_a_consumption_that_evicted_the_oldest()
    {
        var ids = new IssuedProtoMsgIds();
        for (int i = 0; i <= IssuedProtoMsgIds.ConsumedWindow; i++)
        {
            ids.TryIssue($"p{i}").Should().BeTrue();
            ids.Consumed($"p{i}");
        }

        ids.TryIssue("last").Should().BeTrue();
        List<string> before = [.. ids.Describe()];
        Action undo = ids.Consumed("last")!;
        ids.TryIssue("p1").Should().BeTrue("p1 left the window");
        ids.Release("p1");

        undo();

        ids.Describe().Should().Equal(before);
        ids.TryIssue("p1").Should().BeFalse("p1 is back in the window");
        ids.Consumed("unknown").Should().BeNull();
    }

    /// <summary>The names of the steps of <paramref name="request"/> when nothing fails, on a fresh fixture.</summary>
    private static List<string> StepsOf(Case request)
    {
        Fixture fixture = Fixture.Build();
        var (credential, message) = request.Make(fixture);
        var steps = new List<string>();
        fixture.World.Server.FaultInjection = steps.Add;
        ResponseBytes.CodeOf(request.Type, fixture.World.Server.Handle(request.Type, credential, message.ToByteArray()))
            .Should().Be(ResponseCode.Ok, "the request succeeds when nothing fails");
        fixture.World.Server.FaultInjection = null;
        return steps;
    }
}

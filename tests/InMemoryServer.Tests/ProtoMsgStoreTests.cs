using Google.Protobuf;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Delivery;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>seed 000 §Server-sent events protocols, §Consume ProtoMsg, §ServerHeartbeatMsg; the delivery seam.</summary>
public class ProtoMsgStoreTests
{
    [Test]
    public void A_consumed_message_is_gone_and_an_unconsumed_one_is_redelivered()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1));
        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 2));
        IReadOnlyList<ProtoMsg> pending = world.Pending(bob);

        world.Server.ConsumeProtoMsg(bob.Credential, Requests.Consume(pending[0])).Code.Should().Be(ResponseCode.Ok);

        world.Pending(bob).Should().Equal(pending[1]);
        world.Server.Redeliver(bob.Address).Should().Equal(pending[1]);
        world.Sink.To(bob.Address).Should().Equal(pending[0], pending[1], pending[1]);
        world.Server.Stats().ProtoMsgsConsumed.Should().Be(1);
    }

    [Test]
    public void A_device_consumes_only_its_own_messages()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1));
        ProtoMsg bobs = world.Pending(bob).Single();

        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.ConsumeProtoMsg(alice.Credential, Requests.Consume(bobs)).Code);
        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.ConsumeProtoMsg(bob.Credential, new ConsumeProtoMsgRequest { ProtoMsgId = "msg-404" }).Code);
        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.ConsumeProtoMsg(bob.WrongCredential, Requests.Consume(bobs)).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.ConsumeProtoMsg(bob.Credential, new ConsumeProtoMsgRequest()).Code);
        world.Pending(bob).Should().Equal(bobs);
        world.Server.ConsumeProtoMsg(bob.Credential, Requests.Consume(bobs)).Code.Should().Be(ResponseCode.Ok);
        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.ConsumeProtoMsg(bob.Credential, Requests.Consume(bobs)).Code);
    }

    [Test]
    public void Every_message_has_a_unique_id_and_the_server_time()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1));
        world.Time.Advance(TimeSpan.FromMinutes(3));
        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 2));

        IReadOnlyList<ProtoMsg> pending = world.Pending(bob);

        pending.Select(m => m.Tag.ProtoMsgId).Should().Equal("msg-1", "msg-2");
        pending.Select(m => m.Tag.ProtoMsgT).Should().Equal(TestWorld.StartMs, TestWorld.StartMs + 180_000);
    }

    [Test]
    public void Immediate_delivery_keeps_the_order_per_device_when_the_sink_calls_back_into_the_server()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        Device carol = world.Register("carol", "phone");
        E2eeAddress group = world.Server.CreateGroup(alice.Credential, Requests.CreateGroup(alice, "trio", ("alice", GroupRole.Manager), ("bob", GroupRole.Member), ("carol", GroupRole.Member))).GroupAddress;
        world.ConsumeAll(bob, carol);
        bool replied = false;
        world.Sink.OnDeliver = (device, message) =>
        {
            // Bob answers the first group message at once with a one-to-one message to carol, and consumes.
            if (device.Equals(bob.Address) && !replied)
            {
                replied = true;
                world.Server.SendOne2oneMsg(bob.Credential, Requests.One2One(bob, carol.Address, 9)).Code.Should().Be(ResponseCode.Ok);
            }

            Device owner = new[] { alice, bob, carol }.Single(d => d.Address.Equals(device));
            world.Server.ConsumeProtoMsg(owner.Credential, Requests.Consume(message)).Code.Should().Be(ResponseCode.Ok);
        };
        int before = world.Sink.Delivered.Count;

        world.Server.SendGroupMsg(alice.Credential, Requests.GroupMsg(alice, group, [1])).Code.Should().Be(ResponseCode.Ok);

        var toCarol = world.Sink.Delivered.Skip(before).Where(d => d.Device.Equals(carol.Address)).Select(d => d.Message).ToList();
        toCarol.Select(m => m.E2EeMsg.PayloadCase).Should().Equal(E2eeMsg.PayloadOneofCase.GroupMsg, E2eeMsg.PayloadOneofCase.One2OneMsg);
        world.Server.Stats().PendingProtoMsgs.Should().Be(0);
    }

    [Test]
    public void Manual_delivery_pushes_nothing_and_the_driver_pulls_pending_messages()
    {
        var world = new TestWorld(ManualDelivery.Instance);
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");

        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1)).Code.Should().Be(ResponseCode.Ok);

        world.Sink.Delivered.Should().BeEmpty();
        world.Server.Redeliver(bob.Address).Should().ContainSingle();
        world.Sink.Delivered.Should().BeEmpty();
        world.Pending(bob).Should().ContainSingle().Which.E2EeMsg.One2OneMsg.Ciphertext.ToByteArray().Should().Equal(1);
    }

    [Test]
    public void A_failing_sink_loses_nothing()
    {
        var sink = new RecordingSink { OnDeliver = (_, _) => throw new InvalidOperationException("network down") };
        var world = new TestWorld(new ImmediateInOrderDelivery(sink));
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");

        world.Server.SendOne2oneMsg(alice.Credential, Requests.One2One(alice, bob.Address, 1)).Code.Should().Be(ResponseCode.Ok);

        sink.Delivered.Should().ContainSingle();
        world.Pending(bob).Should().ContainSingle();
    }

    [Test]
    public void A_heartbeat_is_answered_with_the_server_time_and_not_stored()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        IReadOnlyList<string> before = world.Snapshot();

        ServerHeartbeatMsg? answer = world.Server.Heartbeat(alice.Credential, new ClientHeartbeatMsg { ClientT = 5 });

        answer.Should().Be(new ServerHeartbeatMsg { Hostname = "in-memory-server", ServerT = world.NowMs });
        world.Snapshot().Should().Equal(before);
        world.Server.Heartbeat(alice.WrongCredential, new ClientHeartbeatMsg()).Should().BeNull();
        world.Server.Handle(RequestType.Heartbeat, alice.WrongCredential, new ClientHeartbeatMsg().ToByteArray()).Should().BeEmpty();
        ServerHeartbeatMsg.Parser.ParseFrom(world.Server.Handle(RequestType.Heartbeat, alice.Credential, new ClientHeartbeatMsg().ToByteArray()))
            .ServerT.Should().Be(world.NowMs);
    }
}

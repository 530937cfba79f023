using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.InMemoryServer;
using E2eeConformance.InMemoryServer.Delivery;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Tests.Lifecycle;

/// <summary>
/// The engine's side of <c>offline</c>: a transport that throws <see cref="TransportUnavailableException"/> leaves the
/// device's requests in its outbox, saved with its state and in order; a command that needs the server's answer says
/// so with the same exception; the next input once the server is reachable (<see cref="Device.Activate"/>, or a
/// restart from the store) sends them.
/// </summary>
[TestFixture]
public sealed class DeviceOutboxWhileOfflineTests
{
    private readonly VirtualClock _clock = new();
    private readonly HashSet<string> _offline = new(StringComparer.Ordinal);
    private readonly List<string> _reached = [];
    private E2eeServer _server = null!;
    private ObservedTransport _transport = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new E2eeServer(new E2eeServerOptions(), _clock, null, ManualDelivery.Instance);
        _transport = new ObservedTransport(new InProcessTransport(_server), (kind, credential, _) => _reached.Add(kind), c => _offline.Contains(c.Address.User.UserId));
    }

    private Device Register(string user, InMemoryDeviceStateStore store) =>
        Device.Register(new DeviceOptions(CipherSuite.Ecc, _server.Domain, user, "1"), _transport, store, new ReferenceStreamRandom("offline/" + user), _clock, new EventCollector());

    [Test]
    public void Requests_wait_in_the_saved_outbox_and_go_out_in_order_once_reachable()
    {
        var store = new InMemoryDeviceStateStore();
        Device alice = Register("alice", store);
        Register("bob", new InMemoryDeviceStateStore());
        _offline.Add("alice");
        _reached.Clear();

        alice.SendText(_server.Domain, "bob", "one"u8);
        _clock.Advance(TimeSpan.FromDays(8));
        alice.Activate();

        _reached.Should().BeEmpty("nothing leaves an offline device");
        alice.State.Outbox.Select(i => i.Kind.ToString()).Should().Equal("GetPreKeyBundle", "PublishSpk");
        store.Load()!.Outbox.Should().HaveCount(2, "the waiting requests are saved with the state");

        _offline.Clear();
        alice.Activate();

        _reached[0].Should().Be("get_pre_key_bundle", "the oldest waiting request goes first (what its answer causes goes before the next one)");
        _reached.Should().Contain(["invite", "publish_spk"]);
        alice.State.Outbox.Should().BeEmpty();
    }

    [Test]
    public void A_device_restarted_while_offline_keeps_waiting_and_sends_once_reachable()
    {
        var store = new InMemoryDeviceStateStore();
        Device alice = Register("alice", store);
        Device bob = Register("bob", new InMemoryDeviceStateStore());
        _offline.Add("alice");
        alice.SendText(_server.Domain, "bob", "one"u8);

        Device restarted = Device.Restore(_transport, store, new ReferenceStreamRandom("offline/alice/2"), _clock, new EventCollector());
        restarted.State.Outbox.Should().ContainSingle();
        _offline.Clear();
        restarted.Activate();

        restarted.State.Outbox.Should().BeEmpty();
        _server.Pending(bob.Address).Should().NotBeEmpty("the invite the waiting bundle request led to reached the server");
    }

    [Test]
    public void A_command_that_needs_the_server_s_answer_says_the_server_cannot_be_reached()
    {
        Device alice = Register("alice", new InMemoryDeviceStateStore());
        _offline.Add("alice");

        Action create = () => alice.CreateGroup("g", []);

        create.Should().Throw<TransportUnavailableException>().WithMessage("*waits in the outbox*");
        alice.State.Outbox.Should().ContainSingle();
    }
}

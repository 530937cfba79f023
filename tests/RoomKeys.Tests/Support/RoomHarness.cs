using System.Collections.Concurrent;
using System.Text;
using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Support;

/// <summary>
/// A small world for room-key tests (seed 002): one <see cref="RoomServer"/>, a device per user, and the server's
/// notifications in flight (delivered in server order unless a test picks one). Every request the server was sent and
/// every notification it made are kept, and each device's events.
/// </summary>
/// <remarks>
/// RSA key generation is slow, so each user's 2048-bit key pair is made once per test run (a static cache keyed by
/// name, seeded from the name) and shared by every harness.
/// </remarks>
internal sealed class RoomHarness(RoomServerPolicy? policy = null)
{
    /// <summary>The key size of every harness user (RK-1 allows 2048 for fast scenarios).</summary>
    public const int Bits = 2048;

    private static readonly ConcurrentDictionary<string, Lazy<RsaIdentity>> Identities = new(StringComparer.Ordinal);

    private readonly Dictionary<string, RoomDeviceState> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeededBytes> _random = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DeviceEvent>> _events = new(StringComparer.Ordinal);

    public RoomServer Server { get; } = new(policy);

    public long Now { get; set; } = 1_750_000_000_000;

    /// <summary>Notifications made and not delivered yet, in server order.</summary>
    public List<ServerNotification> Queue { get; } = [];

    /// <summary>Every request the server was sent.</summary>
    public List<ServerRequest> Requests { get; } = [];

    /// <summary>Every notification the server made (delivered or not).</summary>
    public List<ServerNotification> Sent { get; } = [];

    public RoomDeviceState this[string user] => _devices[user];

    /// <summary>The key pair of <paramref name="user"/>: the same object for the whole run.</summary>
    public static RsaIdentity IdentityOf(string user) =>
        Identities.GetOrAdd(user, u => new Lazy<RsaIdentity>(() => RsaIdentity.Generate(new SeededBytes(SeedOf("rsa/" + u)), Bits))).Value;

    /// <summary>The wire form of <paramref name="user"/>'s public key.</summary>
    public static RsaPublicKeyMsg PublicKeyOf(string user) => WireKeys.ToWire(IdentityOf(user).PublicKey);

    /// <summary>A harness with <paramref name="users"/> registered.</summary>
    public static RoomHarness With(params string[] users) => With(null, users);

    public static RoomHarness With(RoomServerPolicy? policy, params string[] users)
    {
        var h = new RoomHarness(policy);
        h.Register(users);
        return h;
    }

    /// <summary>
    /// A harness where the first of <paramref name="users"/> created <paramref name="room"/> and admitted each other one
    /// by approval (join_session, allow_user_join_session), everything delivered.
    /// </summary>
    public static RoomHarness WithRoom(string room, bool e2eeOn, params string[] users) => WithRoom(null, room, e2eeOn, users);

    public static RoomHarness WithRoom(RoomServerPolicy? policy, string room, bool e2eeOn, params string[] users)
    {
        RoomHarness h = With(policy, users);
        h.Do(users[0], new CreateRoom(room, e2eeOn));
        h.DeliverAll();
        foreach (string joiner in users.Skip(1))
        {
            h.Do(joiner, new RequestJoin(room));
            h.DeliverAll();
            h.Do(users[0], new ApproveJoin(room, joiner));
            h.DeliverAll();
        }

        return h;
    }

    /// <summary>A device per user, each registering its public key.</summary>
    public void Register(params string[] users)
    {
        foreach (string user in users)
        {
            _random[user] = new SeededBytes(SeedOf("device/" + user));
            _devices[user] = RoomDeviceState.New(user, IdentityOf(user));
            _events[user] = [];
            Send(RoomKeyDevice.Register(_devices[user]));
        }
    }

    /// <summary>Steps <paramref name="user"/>'s device, commits its state, sends its requests and queues what they cause.</summary>
    public DeviceStep Do(string user, DeviceInput input)
    {
        DeviceStep step = RoomKeyDevice.Step(_devices[user], input, Now, _random[user]);
        _devices[user] = step.State;
        _events[user].AddRange(step.Events);
        foreach (ServerRequest request in step.Requests)
        {
            Send(request);
        }

        return step;
    }

    /// <summary>A text of <paramref name="user"/> to <paramref name="room"/> (<paramref name="encrypt"/>: the per-message choice).</summary>
    public DeviceStep Say(string user, string room, string text, bool? encrypt = null) =>
        Do(user, new SendRoomText(room, Encoding.UTF8.GetBytes(text), encrypt, text));

    /// <summary>A request straight to the server (a device's, or one a test wrote); what it causes is queued.</summary>
    public IReadOnlyList<ServerNotification> Send(ServerRequest request)
    {
        Requests.Add(request);
        IReadOnlyList<ServerNotification> output = Server.Handle(request, Now);
        Sent.AddRange(output);
        Queue.AddRange(output);
        return output;
    }

    /// <summary>Delivers one notification (taken off the queue when it is there) to its addressee's device, if it has one.</summary>
    public DeviceStep? Deliver(ServerNotification notification)
    {
        Queue.Remove(notification);
        return _devices.ContainsKey(notification.To) ? Do(notification.To, new Delivered(notification)) : null;
    }

    /// <summary>Delivers in server order until nothing (or nothing <paramref name="which"/> picks) is queued; the rest stays.</summary>
    public void DeliverAll(Func<ServerNotification, bool>? which = null)
    {
        while (Queue.FirstOrDefault(n => which?.Invoke(n) ?? true) is { } next)
        {
            Deliver(next);
        }
    }

    /// <summary>Takes the first queued notification of <paramref name="kind"/> to <paramref name="to"/> off the queue, undelivered.</summary>
    public ServerNotification Take(string to, ServerNotification.NotificationOneofCase kind)
    {
        ServerNotification n = Queue.First(q => q.To == to && q.NotificationCase == kind);
        Queue.Remove(n);
        return n;
    }

    /// <summary>The events of <paramref name="user"/>'s device, in order.</summary>
    public IReadOnlyList<DeviceEvent> Events(string user) => _events[user];

    /// <summary>The texts <paramref name="user"/>'s device read, in order.</summary>
    public List<string> Read(string user) => [.. _events[user].OfType<TextReceived>().Select(t => Encoding.UTF8.GetString(t.Text))];

    /// <summary>The codes of the inputs <paramref name="user"/>'s device refused.</summary>
    public List<string> Refusals(string user) => [.. _events[user].OfType<InputRefused>().Select(r => r.Code)];

    /// <summary>The codes of the server's refusals of <paramref name="user"/>'s requests, as its device reported them.</summary>
    public List<string> ServerRefusals(string user) => [.. _events[user].OfType<ServerRefused>().Select(r => r.Code)];

    /// <summary>The notifications the server made for <paramref name="user"/>.</summary>
    public IEnumerable<ServerNotification> SentTo(string user) => Sent.Where(n => n.To == user);

    /// <summary>The stored form of <paramref name="user"/>'s device.</summary>
    public byte[] Stored(string user) => DeviceStateCodec.Encode(_devices[user]);

    /// <summary>The device restarts from its stored form.</summary>
    public void Restart(string user) => _devices[user] = DeviceStateCodec.Decode(Stored(user));

    /// <summary>
    /// Steps <paramref name="user"/>'s device with <paramref name="input"/> and checks that it was refused with
    /// <paramref name="code"/>: one <see cref="InputRefused"/>, no request, and a stored form exactly as before.
    /// </summary>
    public InputRefused ExpectRefused(string user, DeviceInput input, string code)
    {
        byte[] before = Stored(user);
        DeviceStep step = Do(user, input);
        step.Requests.Should().BeEmpty("a refused input sends nothing");
        Stored(user).Should().Equal(before, "a refused input leaves the state exactly as it was");
        InputRefused refused = step.Events.Should().ContainSingle().Which.Should().BeOfType<InputRefused>().Subject;
        refused.Code.Should().Be(code, refused.Detail);
        return refused;
    }

    /// <summary>A stable seed from a name (string hashes differ between runs).</summary>
    private static int SeedOf(string name) => name.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}

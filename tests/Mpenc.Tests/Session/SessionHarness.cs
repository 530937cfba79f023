using System.Security.Cryptography;
using System.Text;
using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Device;
using E2eeConformance.Mpenc.Server;
using E2eeConformance.Mpenc.Session;

namespace E2eeConformance.Mpenc.Tests.Session;

/// <summary>
/// Devices around one in-memory channel server for the session tests: requests go to the server at once, the server's
/// events wait in a queue until the test delivers them (in order, reordered, or not at all); every event a device
/// reports is kept per device.
/// </summary>
internal sealed class SessionHarness
{
    private readonly Dictionary<string, SeededRandom> _random = new(StringComparer.Ordinal);

    public SessionHarness(params string[] users)
    {
        foreach (string user in users)
        {
            byte[] identity = SHA256.HashData(Encoding.UTF8.GetBytes("identity/" + user));
            State[user] = MpencDeviceState.New(user, identity);
            _random[user] = new SeededRandom("device/" + user);
            Events[user] = [];
        }
    }

    public ChannelServer Server { get; } = new();

    public Dictionary<string, MpencDeviceState> State { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<SessionEvent>> Events { get; } = new(StringComparer.Ordinal);

    /// <summary>Deliveries not yet made, in server order.</summary>
    public List<(string To, ChannelEvent Event)> Queue { get; } = [];

    public long Now { get; set; } = 1_000_000;

    /// <summary>Whether the channel may refuse a request (a member racing its own departure); by default a refusal fails the test.</summary>
    public bool AllowRefusals { get; set; }

    public void Do(string user, DeviceInput input)
    {
        DeviceStep step = MpencDevice.Step(State[user], input, Now, _random[user]);
        State[user] = step.State;
        Events[user].AddRange(step.Events);
        foreach (ChannelRequest request in step.Requests)
        {
            ChannelOutcome outcome = Server.Handle(user, request);
            if (!AllowRefusals)
            {
                outcome.Refusal.Should().BeNull(outcome.Detail);
            }

            Queue.AddRange(outcome.Deliveries);
        }
    }

    /// <summary>Delivers everything, including what the deliveries cause, in server order.</summary>
    public void DeliverAll(Func<(string To, ChannelEvent Event), bool>? hold = null)
    {
        int guard = 0;
        while (Queue.FirstOrDefault(d => hold is null || !hold(d)) is { Event: not null } next)
        {
            Queue.Remove(next);
            Do(next.To, new ChannelInput(next.Event));
            (++guard).Should().BeLessThan(100_000);
        }
    }

    /// <summary>Delivers everything in a random order (any order per recipient: the channel's control order is the members' job).</summary>
    public void DeliverShuffled(Random random)
    {
        int guard = 0;
        while (Queue.Count > 0)
        {
            int i = random.Next(Queue.Count);
            (string to, Channel.ChannelEvent e) = Queue[i];
            Queue.RemoveAt(i);
            Do(to, new ChannelInput(e));
            if (random.Next(8) == 0)
            {
                // A duplicate from the network.
                Do(to, new ChannelInput(e));
            }

            (++guard).Should().BeLessThan(100_000);
        }
    }

    public void Tick(long byMs)
    {
        Now += byMs;
        foreach (string user in State.Keys.ToList())
        {
            Do(user, new TickInput());
        }
    }

    /// <summary>A group of all users on channel g, started by the first.</summary>
    public void StartGroup(string channel, params string[] users)
    {
        foreach (string user in users)
        {
            Do(user, new EnterCommand(channel));
        }

        Do(users[0], new StartCommand(channel, users[1..]));
        DeliverAll();
    }

    public ChannelSession Session(string user, string channel = "g") => State[user].Channels[channel];

    public IEnumerable<T> Of<T>(string user) => Events[user].OfType<T>();

    public IReadOnlyList<string> Texts(string user) => [.. Of<MessageDelivered>(user).Select(m => m.Text)];

    public IReadOnlyList<InputRefused> Refusals(string user) => [.. Of<InputRefused>(user)];
}

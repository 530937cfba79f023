using E2eeConformance.Mpenc.Device;
using E2eeConformance.Mpenc.Session;

namespace E2eeConformance.Mpenc.Tests.Session;

/// <summary>
/// Convergence as a property (seed 003 §2.2, §3.3): random membership operations, texts and departures from random
/// members, delivered in random orders with duplicates and partial deliveries, with time passing; once the channel has
/// delivered everything and the timers have run, everyone in the channel has one history of operations, no operation is
/// left unfinished, and every member of a subsession holds the same session id and key as every member it names.
/// </summary>
public sealed class SessionConvergencePropertyTests
{
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];

    [Test]
    public void Random_operations_under_random_delivery_converge([Range(1, 150)] int seed)
    {
        var random = new Random(seed);
        var h = new SessionHarness(Users) { AllowRefusals = true };
        h.StartGroup("g", "alice", "bob", "carol");
        for (int step = 0; step < 24; step++)
        {
            string user = Users[random.Next(Users.Length)];
            ChannelSession? s = h.State[user].Channels.GetValueOrDefault("g");
            string other = Users[random.Next(Users.Length)];
            DeviceInput input = random.Next(8) switch
            {
                0 when s is null || !s.Channel.Inside => new EnterCommand("g"),
                0 or 1 => new IncludeCommand("g", [other]),
                2 => new ExcludeCommand("g", [other]),
                3 => new RefreshCommand("g"),
                4 when random.Next(3) == 0 => new PartCommand("g"),
                _ => new SendCommand("g", $"text {step} of {user}"),
            };
            h.Do(user, input);
            if (input is IncludeCommand && !h.State[other].Channels.ContainsKey("g"))
            {
                h.Do(other, new EnterCommand("g"));
            }

            Deliver(h, random);
            if (random.Next(4) == 0)
            {
                h.Tick(random.Next(1, 70) * 1_000L);
            }
        }

        for (int i = 0; i < 8; i++)
        {
            h.DeliverAll();
            h.Tick(SessionTimers.Default.OperationTimeoutMs);
        }

        h.DeliverAll();
        if (Environment.GetEnvironmentVariable("MPENC_DUMP") == seed.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            foreach (string u in Users)
            {
                foreach (SessionEvent e in h.Events[u].Where(e => e is not MessageSent and not MessageDelivered))
                {
                    TestContext.Out.WriteLine($"{u}: {e}");
                }
            }
        }

        AssertConverged(h, seed);
    }

    /// <summary>Some of what is in flight, in a random order, some twice; the rest waits.</summary>
    private static void Deliver(SessionHarness h, Random random)
    {
        int count = random.Next(h.Queue.Count + 1);
        for (int i = 0; i < count && h.Queue.Count > 0; i++)
        {
            int at = random.Next(h.Queue.Count);
            (string to, Channel.ChannelEvent e) = h.Queue[at];
            h.Queue.RemoveAt(at);
            h.Do(to, new ChannelInput(e));
            if (random.Next(10) == 0)
            {
                h.Do(to, new ChannelInput(e));
            }
        }
    }

    private static void AssertConverged(SessionHarness h, int seed)
    {
        List<(string User, ChannelSession Session)> inside = [.. Users.Where(u => h.State[u].Channels.ContainsKey("g")).Select(u => (u, h.Session(u))).Where(p => p.Item2.Channel.Inside)];
        foreach ((string user, ChannelSession s) in inside)
        {
            s.Ongoing.Should().BeNull($"seed {seed}: {user} finished every operation");
            if (s.Current is { } mine)
            {
                foreach (string member in mine.Members.Where(m => m != user))
                {
                    Subsession? theirs = h.State[member].Channels.GetValueOrDefault("g")?.Current;
                    theirs.Should().NotBeNull($"seed {seed}: {member} is in {user}'s subsession");
                    theirs!.SidHex.Should().Be(mine.SidHex, $"seed {seed}: {member} and {user}");
                    theirs.GroupKey.Should().Equal(mine.GroupKey, $"seed {seed}: {member} and {user}");
                }
            }
        }

        foreach ((string user, ChannelSession s) in inside.Where(p => p.Session.KnowsOrder))
        {
            (string first, ChannelSession reference) = inside.First(p => p.Session.KnowsOrder);
            s.LastFinal.Should().Be(reference.LastFinal, $"seed {seed}: {user} and {first} share the history");
            s.ChainHash.Should().Equal(reference.ChainHash, $"seed {seed}: {user} and {first} share the history");
        }
    }
}

using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Relayed;

/// <summary>
/// The network steps of a family whose run keeps its own deliveries (sender keys, room keys), with the same meaning as
/// in every family: deliver (all until quiet, a selection, in an order, shuffled), hold/release, drop (the server keeps
/// its copy for redelivery), duplicate, delay, and an active adversary's replay and tamper (a copy delivered at once,
/// the original left in flight; the family makes the copy).
/// </summary>
internal sealed class FlightNetwork<TFlight>(IFlightWorld<TFlight> world, string family, ulong seed, Func<string, IReadOnlyList<string>> parties)
    where TFlight : Flight
{
    /// <summary>The most deliveries one "until quiet" makes before the run fails (a loop that never goes quiet).</summary>
    public const int MaxDeliveriesUntilQuiet = 1_000_000;

    private readonly SeededRandom _random = new(seed);

    public void Run(Step step)
    {
        switch (step)
        {
            case DeliverStep s: Deliver(s); break;
            case RunUntilQuietStep: RunUntilQuiet(); break;
            case HoldStep s: Hold(s.Select); break;
            case ReleaseStep s: Release(s.Select); break;
            case DropStep s: Fault(s.Select, s.Keyword, "drop", f => { world.InFlight.Remove(f); world.Dropped.Add(f); }); break;
            case DuplicateStep s: Fault(s.Select, s.Keyword, "duplicate", f => f.Duplicates++); break;
            case DelayStep s: Fault(s.Select, s.Keyword, string.Create(CultureInfo.InvariantCulture, $"delay {s.Steps} steps"), f => f.DelayedUntilStep = world.StepNumber + s.Steps + 1); break;
            case ReplayStep s: Replay(s); break;
            case TamperStep s: Tamper(s); break;
            default: throw new ScenarioFailure($"the step {step.Keyword} has no meaning in {family}");
        }
    }

    /// <summary>The end of a run: every device online, holds and delays lifted, dropped messages back, all delivered.</summary>
    public void Heal()
    {
        world.BringAllOnline();
        world.HoldRules.Clear();
        foreach (TFlight flight in world.InFlight)
        {
            flight.Held = false;
            flight.DelayedUntilStep = 0;
        }

        RunUntilQuiet();
    }

    private bool Deliverable(TFlight f) =>
        !f.Held && f.DelayedUntilStep <= world.StepNumber && world.CanTake(f.To);

    private void DeliverOne(TFlight flight)
    {
        world.Deliver(flight);
        for (int i = 0; i < flight.Duplicates; i++)
        {
            world.Deliver(flight, " (duplicate)");
        }
    }

    private int DeliverUntilQuiet(MessageSelector selector)
    {
        int delivered = 0;
        while (world.InFlight.FirstOrDefault(f => Deliverable(f) && world.Matches(selector, f)) is { } next)
        {
            if (++delivered > MaxDeliveriesUntilQuiet)
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"the network did not go quiet within {MaxDeliveriesUntilQuiet} deliveries"));
            }

            DeliverOne(next);
        }

        return delivered;
    }

    private void RunUntilQuiet()
    {
        DeliverUntilQuiet(MessageSelector.All);
        while (world.Dropped.Count > 0)
        {
            TFlight[] again = [.. world.Dropped];
            world.Dropped.Clear();
            foreach (TFlight f in again)
            {
                // The server's copy again: a hold in force now applies to it, nothing earlier does.
                f.Held = world.HoldRules.Any(rule => world.Matches(rule, f));
                f.DelayedUntilStep = 0;
                f.Duplicates = 0;
                world.Say($"  the {world.ServerName} redelivers {f}{(f.Held ? " (held)" : "")}");
                world.InFlight.Add(f);
            }

            DeliverUntilQuiet(MessageSelector.All);
        }
    }

    private void Deliver(DeliverStep step)
    {
        if (step.UntilQuiet)
        {
            if (DeliverUntilQuiet(step.Select) == 0)
            {
                world.Say("  nothing to deliver");
            }

            return;
        }

        List<TFlight> batch = [];
        if (step.Order.Count > 0)
        {
            foreach (string name in step.Order.Select(world.ExpandName))
            {
                List<TFlight> found = [.. world.InFlight.Where(f => Deliverable(f) && world.Matches(step.Select with { Messages = [name] }, f))];
                batch.AddRange(found.Count > 0 ? found : throw new ScenarioFailure($"expected {name} to be in flight{(step.Select.To is null ? "" : " to " + step.Select.To)}, but {StatusOf(name)}"));
            }
        }
        else
        {
            batch = [.. world.InFlight.Where(f => Deliverable(f) && world.Matches(step.Select, f))];
            if (step.Shuffle)
            {
                _random.Shuffle(batch);
            }
        }

        if (batch.Count == 0 && step.Select.Messages.Count > 0)
        {
            string first = world.ExpandName(step.Select.Messages[0]);
            throw new ScenarioFailure($"expected {first} to be in flight{(step.Select.To is null ? "" : " to " + world.ExpandName(step.Select.To))}, but {StatusOf(first)}");
        }

        if (batch.Count == 0)
        {
            world.Say("  nothing to deliver");
        }

        foreach (TFlight f in batch.Distinct().Where(world.InFlight.Contains).ToList())
        {
            DeliverOne(f);
        }
    }

    private void Hold(MessageSelector raw)
    {
        MessageSelector selector = Expanded(raw);
        world.HoldRules.Add(selector);
        foreach (TFlight f in world.InFlight.Where(f => world.Matches(selector, f)))
        {
            f.Held = true;
            world.Say($"  hold {f}");
        }
    }

    private void Release(MessageSelector raw)
    {
        MessageSelector selector = Expanded(raw);
        world.HoldRules.RemoveAll(rule => selector.IsAll || SameSelector(rule, selector));
        int released = 0;
        foreach (TFlight f in world.InFlight.Where(f => f.Held && world.Matches(selector, f)))
        {
            f.Held = false;
            released++;
            world.Say($"  release {f}");
        }

        if (released == 0)
        {
            world.Say("  nothing was held");
        }
    }

    /// <summary>The selector with the enclosing repeats' variables filled in (a hold rule keeps what it meant when written).</summary>
    private MessageSelector Expanded(MessageSelector s) =>
        new([.. s.Messages.Select(world.ExpandName)], s.To is null ? null : world.ExpandName(s.To), s.Kind, s.From is null ? null : world.ExpandName(s.From));

    private static bool SameSelector(MessageSelector a, MessageSelector b) =>
        a.To == b.To && a.From == b.From && a.Kind == b.Kind && a.Messages.SequenceEqual(b.Messages, StringComparer.Ordinal);

    private void Fault(MessageSelector selector, string keyword, string what, Action<TFlight> fault)
    {
        List<TFlight> found = [.. world.InFlight.Where(f => world.Matches(selector, f))];
        if (found.Count == 0)
        {
            throw new ScenarioFailure($"expected {(selector.Messages.Count > 0 ? string.Join(", ", selector.Messages) : selector.Kind ?? "any message")} in flight to {keyword}, but {(selector.Messages.Count > 0 ? StatusOf(selector.Messages[0]) : "nothing matches")}");
        }

        foreach (TFlight f in found)
        {
            fault(f);
            world.Say($"  {what} {f}");
            world.Diagram.Add(new DiagramEvent(DiagramEventKind.Fault, "server", f.To, $"{what} {f.Kind}{(f.Label is null ? "" : " " + f.Label)}", ""));
        }
    }

    /// <summary>The server's own delivery of a named message to one device, delivered or in flight (the adversary saw it on the wire); never an adversary's copy.</summary>
    private TFlight Original(string message, string to)
    {
        IReadOnlyList<string> devices = parties(to);
        return world.History.Concat(world.InFlight).Concat(world.Dropped)
            .FirstOrDefault(f => !f.Forged && f.Label == message && devices.Contains(f.To, StringComparer.Ordinal) && world.CarriesText(f))
            ?? throw new ScenarioFailure($"expected {message} on its way to {to}, but {StatusOf(message)}");
    }

    private void Replay(ReplayStep step) => world.Replay(Original(world.ExpandName(step.Message), step.To));

    private void Tamper(TamperStep step) => world.Tamper(Original(world.ExpandName(step.Message), step.To), step, _random);

    private string StatusOf(string message)
    {
        if (!world.Ledger.Sent.ContainsKey(message))
        {
            return $"{message} was not sent (yet)";
        }

        List<string> where = [.. world.InFlight.Where(f => f.Label == message).Select(f => $"in flight to {f.To}{(f.Held ? " (held)" : "")}")];
        where.AddRange(world.History.Where(f => f.Label == message).Select(f => $"delivered to {f.To}").Distinct());
        where.AddRange(world.Dropped.Where(f => f.Label == message).Select(f => $"dropped on its way to {f.To}"));
        return where.Count == 0 ? $"{message} was sent but the {world.ServerName} queued it for nobody (yet)" : $"{message} is {string.Join(", ", where)}";
    }
}

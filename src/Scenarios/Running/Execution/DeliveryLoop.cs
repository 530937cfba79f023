using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// Delivery: hands in-flight messages to their devices (<c>deliver</c>, <c>run_until_quiet</c>, the final heal) and
/// writes what came of each in the transcript and the diagram.
/// </summary>
internal sealed class DeliveryLoop(RunContext run, EventRecorder events)
{
    /// <summary>Deliveries of one step before the run is declared not to become quiet.</summary>
    private const int MaxDeliveriesPerStep = 1_000_000;

    /// <summary>Server redelivery rounds of one run_until_quiet before the run is declared not to become quiet.</summary>
    private const int MaxRedeliveryRounds = 1000;

    /// <summary>Delivers what the step selects: in the order it names, shuffled by the seed, in server order, or until quiet.</summary>
    public void Deliver(DeliverStep step)
    {
        MessageSelector selector = run.Expand(step.Select);
        if (step.UntilQuiet)
        {
            int delivered = DeliverUntilQuiet(selector);
            if (delivered == 0)
            {
                run.Say("  nothing to deliver");
            }

            return;
        }

        List<InFlightDelivery> batch;
        if (step.Order.Count > 0)
        {
            batch = [];
            foreach (string name in run.Expand(step.Order))
            {
                List<InFlightDelivery> found = [.. run.Network.Select(selector with { Messages = [name] }, run.Roster.DevicesOf).Where(run.Deliverable)];
                if (found.Count == 0)
                {
                    throw new ScenarioFailure($"expected {name} to be in flight{(selector.To is null ? "" : " to " + selector.To)}, but {MessageStatus.Of(run, name, selector.To)}");
                }

                batch.AddRange(found);
            }
        }
        else
        {
            batch = [.. run.Network.Select(selector, run.Roster.DevicesOf).Where(run.Deliverable)];
            if (step.Shuffle)
            {
                run.Random.Shuffle(batch);
            }
        }

        if (batch.Count == 0)
        {
            if (selector.Messages.Count > 0)
            {
                throw new ScenarioFailure($"expected {string.Join(", ", selector.Messages)} to be in flight{(selector.To is null ? "" : " to " + selector.To)}, but {MessageStatus.Of(run, selector.Messages[0], selector.To)}");
            }

            run.Say("  nothing to deliver");
        }

        foreach (InFlightDelivery d in batch.Distinct())
        {
            if (run.Network.InFlight.Contains(d))
            {
                DeliverOne(d);
            }
        }
    }

    /// <summary>Everything in flight until quiet, then server redelivery of what devices have not consumed, until nothing is left.</summary>
    public void RunUntilQuiet()
    {
        int total = 0;
        for (int round = 0; ; round++)
        {
            total += DeliverUntilQuiet(MessageSelector.All);
            int before = run.Network.InFlight.Count;
            foreach (SimDevice device in run.Roster.Devices.Where(d => !run.Offline.Contains(d.Name)))
            {
                run.Server.Redeliver(run.Driver.AddressOf(device));
            }

            int redelivered = run.Network.InFlight.Count - before;
            if (redelivered > 0)
            {
                run.Say(string.Create(CultureInfo.InvariantCulture, $"  server redelivers {redelivered} unconsumed message(s)"));
            }

            if (!run.Network.InFlight.Any(run.Deliverable))
            {
                break;
            }

            if (round > MaxRedeliveryRounds)
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected the system to become quiet, but redelivery went on for {MaxRedeliveryRounds} rounds"));
            }
        }

        if (total == 0)
        {
            run.Say("  nothing to deliver");
        }
    }

    /// <summary>
    /// The end of a run: every hold and delay ends, <paramref name="reconnect"/> brings offline devices online, and
    /// everything is delivered, so the heal invariant can be checked.
    /// </summary>
    public void Heal(Action reconnect)
    {
        ArgumentNullException.ThrowIfNull(reconnect);
        run.Step++;
        run.Say("# heal: holds and delays end; deliver until quiet, with server redelivery");
        run.Network.Heal();
        reconnect();
        RunUntilQuiet();
    }

    /// <summary>Takes the delivery out of flight and hands it to its device (again for each duplicate).</summary>
    public void DeliverOne(InFlightDelivery delivery)
    {
        run.Network.Remove(delivery);
        for (int copy = 0; copy <= delivery.Duplicates; copy++)
        {
            Process(delivery, delivery.Message.Clone(), copy == 0 ? "" : " [duplicate]");
        }
    }

    /// <summary>Hands one ProtoMsg to its device and writes what came of it.</summary>
    public void Process(InFlightDelivery delivery, Wire.ProtoMsg message, string note)
    {
        SimDevice device = run.Roster.Device(delivery.To);
        int arrow = run.Diagram.Add(new DiagramEvent(DiagramEventKind.Delivery, "server", delivery.To, delivery.Kind + (run.Network.LabelOf(delivery) is { } l ? " " + l : "") + note, "")); // before the requests its processing causes
        if ((run.Interceptor is null ? message : run.Interceptor(delivery.To, message)) is { } handed)
        {
            run.Driver.Process(device, handed);
        }

        List<string> outcomes = events.Drain(delivery);
        string outcome = outcomes.Count == 0 ? "no event" : string.Join("; ", outcomes);
        string description = run.Network.Describe(delivery) + note;
        run.Say($"  deliver {description}: {outcome}");
        run.Diagram.SetOutcome(arrow, outcome);
    }

    /// <summary>Delivers the earliest deliverable message matching the selector, again and again; returns how many.</summary>
    private int DeliverUntilQuiet(MessageSelector selector)
    {
        int delivered = 0;
        while (run.Network.InFlight.FirstOrDefault(d => run.Deliverable(d) && run.Network.Matches(selector, d, run.Roster.DevicesOf)) is { } next)
        {
            if (++delivered > MaxDeliveriesPerStep)
            {
                throw new ScenarioFailure($"expected the system to become quiet, but it kept delivering ({MaxDeliveriesPerStep} deliveries in one step)");
            }

            DeliverOne(next);
        }

        return delivered;
    }
}

using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running;

/// <summary>Delivery and the network's faults: deliver, hold, release, drop, duplicate, delay, replay, tamper, run until quiet.</summary>
internal sealed partial class ScenarioRun
{
    private MessageSelector Bind(MessageSelector selector) =>
        new(X(selector.Messages), selector.To is null ? null : X(selector.To), selector.Kind, selector.From is null ? null : X(selector.From));

    private bool Deliverable(InFlightDelivery d) => _network.Deliverable(d, _step, DevicesOf);

    private void Deliver(DeliverStep step)
    {
        MessageSelector selector = Bind(step.Select);
        if (step.UntilQuiet)
        {
            int delivered = DeliverUntilQuiet(selector);
            if (delivered == 0)
            {
                Say("  nothing to deliver");
            }

            return;
        }

        List<InFlightDelivery> batch;
        if (step.Order.Count > 0)
        {
            batch = [];
            foreach (string name in X(step.Order))
            {
                List<InFlightDelivery> found = [.. _network.Select(selector with { Messages = [name] }, DevicesOf).Where(Deliverable)];
                if (found.Count == 0)
                {
                    throw new ScenarioFailure($"expected {name} to be in flight{(selector.To is null ? "" : " to " + selector.To)}, but {StatusOf(name, selector.To)}");
                }

                batch.AddRange(found);
            }
        }
        else
        {
            batch = [.. _network.Select(selector, DevicesOf).Where(Deliverable)];
            if (step.Shuffle)
            {
                _random.Shuffle(batch);
            }
        }

        if (batch.Count == 0)
        {
            if (selector.Messages.Count > 0)
            {
                throw new ScenarioFailure($"expected {string.Join(", ", selector.Messages)} to be in flight{(selector.To is null ? "" : " to " + selector.To)}, but {StatusOf(selector.Messages[0], selector.To)}");
            }

            Say("  nothing to deliver");
        }

        foreach (InFlightDelivery d in batch.Distinct())
        {
            if (_network.InFlight.Contains(d))
            {
                DeliverOne(d);
            }
        }
    }

    /// <summary>Delivers the earliest deliverable message matching the selector, again and again; returns how many.</summary>
    private int DeliverUntilQuiet(MessageSelector selector)
    {
        int delivered = 0;
        while (_network.InFlight.FirstOrDefault(d => Deliverable(d) && _network.Matches(selector, d, DevicesOf)) is { } next)
        {
            if (++delivered > MaxDeliveriesPerStep)
            {
                throw new ScenarioFailure($"expected the system to become quiet, but it kept delivering ({MaxDeliveriesPerStep} deliveries in one step)");
            }

            DeliverOne(next);
        }

        return delivered;
    }

    /// <summary>Everything in flight until quiet, then server redelivery of what devices have not consumed, until nothing is left.</summary>
    private void RunUntilQuiet()
    {
        int total = 0;
        for (int round = 0; ; round++)
        {
            total += DeliverUntilQuiet(MessageSelector.All);
            int before = _network.InFlight.Count;
            foreach (SimDevice device in _deviceOrder)
            {
                _server.Redeliver(device.Live.Address);
            }

            int redelivered = _network.InFlight.Count - before;
            if (redelivered > 0)
            {
                Say(string.Create(CultureInfo.InvariantCulture, $"  server redelivers {redelivered} unconsumed message(s)"));
            }

            if (!_network.InFlight.Any(Deliverable))
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
            Say("  nothing to deliver");
        }
    }

    /// <summary>Faults drawn from the seed (see <see cref="ChaosStep"/>).</summary>
    private void Chaos(ChaosStep step)
    {
        int made = 0, dropped = 0, duplicated = 0;
        while (made < step.Deliveries)
        {
            List<InFlightDelivery> deliverable = [.. _network.InFlight.Where(Deliverable)];
            if (deliverable.Count == 0)
            {
                break;
            }

            InFlightDelivery next;
            if (step.Reorder)
            {
                next = deliverable[_random.Next(deliverable.Count)];
            }
            else
            {
                List<string> recipients = [.. deliverable.Select(d => d.To).Distinct()];
                string to = recipients[_random.Next(recipients.Count)];
                next = deliverable.First(d => d.To == to);
            }

            made++;
            if (Chance(step.Drop))
            {
                _network.Remove(next);
                Fault(next, "chaos drops");
                dropped++;
                continue;
            }

            if (Chance(step.Duplicate))
            {
                next.Duplicates++;
                duplicated++;
            }

            DeliverOne(next);
        }

        Say(string.Create(CultureInfo.InvariantCulture, $"  chaos: {made} deliveries drawn, {dropped} dropped, {duplicated} duplicated, {_network.InFlight.Count} still in flight"));
    }

    /// <summary>True with the given probability, drawn from the seed.</summary>
    private bool Chance(double probability) => probability > 0 && _random.Next(ChanceResolution) < probability * ChanceResolution;

    /// <summary>The end of a run: every hold and delay ends and everything is delivered, so the heal invariant can be checked.</summary>
    private void Heal()
    {
        _step++;
        _transcript.Line("# heal: holds and delays end; deliver until quiet, with server redelivery");
        _network.Heal();
        RunUntilQuiet();
        CheckStepInvariants();
    }

    private void DeliverOne(InFlightDelivery delivery)
    {
        _network.Remove(delivery);
        for (int copy = 0; copy <= delivery.Duplicates; copy++)
        {
            Process(delivery, delivery.Message.Clone(), copy == 0 ? "" : " [duplicate]");
        }
    }

    /// <summary>Hands one ProtoMsg to its device and writes what came of it.</summary>
    private void Process(InFlightDelivery delivery, Wire.ProtoMsg message, string note)
    {
        SimDevice device = _devices[delivery.To];
        int arrow = _diagram.Count; // the delivery comes before the requests its processing causes
        _diagram.Add(new DiagramEvent(DiagramEventKind.Delivery, "server", delivery.To, delivery.Kind + (_network.LabelOf(delivery) is { } l ? " " + l : "") + note, ""));
        device.Live.Process(message);
        List<string> outcomes = DrainEvents(delivery);
        string outcome = outcomes.Count == 0 ? "no event" : string.Join("; ", outcomes);
        string description = _network.Describe(delivery) + note;
        _transcript.Line($"  deliver {description}: {outcome}");
        _diagram[arrow] = _diagram[arrow] with { Outcome = outcome };
    }

    private IReadOnlyList<InFlightDelivery> Matching(MessageSelector raw, string keyword)
    {
        MessageSelector selector = Bind(raw);
        IReadOnlyList<InFlightDelivery> found = _network.Select(selector, DevicesOf);
        if (found.Count == 0)
        {
            string what = selector.Messages.Count > 0 ? string.Join(", ", selector.Messages) : selector.Kind ?? "any message";
            throw new ScenarioFailure($"expected {what} in flight{(selector.To is null ? "" : " to " + selector.To)} to {keyword}, but {(selector.Messages.Count > 0 ? StatusOf(selector.Messages[0], selector.To) : "nothing matches")}");
        }

        return found;
    }

    private void Hold(HoldStep step)
    {
        IReadOnlyList<InFlightDelivery> held = _network.Hold(Bind(step.Select), DevicesOf);
        foreach (InFlightDelivery d in held)
        {
            Fault(d, "hold");
        }

        Say(held.Count == 0 ? "  nothing in flight matches yet; later matching messages will be held" : "  later matching messages will be held too");
    }

    private void Release(ReleaseStep step)
    {
        IReadOnlyList<InFlightDelivery> released = _network.Release(Bind(step.Select), DevicesOf);
        foreach (InFlightDelivery d in released)
        {
            Say($"  release {_network.Describe(d)}");
        }

        if (released.Count == 0)
        {
            Say("  nothing was held");
        }
    }

    private void Drop(DropStep step)
    {
        foreach (InFlightDelivery d in Matching(step.Select, "drop"))
        {
            _network.Remove(d);
            Fault(d, "drop");
        }
    }

    private void Duplicate(DuplicateStep step)
    {
        foreach (InFlightDelivery d in Matching(step.Select, "duplicate"))
        {
            d.Duplicates++;
            Fault(d, "duplicate");
        }
    }

    private void Delay(DelayStep step)
    {
        foreach (InFlightDelivery d in Matching(step.Select, "delay"))
        {
            d.DelayedUntilStep = _step + step.Steps + 1;
            Fault(d, string.Create(CultureInfo.InvariantCulture, $"delay {step.Steps} steps"));
        }
    }

    private void Fault(InFlightDelivery d, string what)
    {
        Say($"  {what} {_network.Describe(d)}");
        _diagram.Add(new DiagramEvent(DiagramEventKind.Fault, "server", d.To, $"{what} {d.Kind}{(_network.LabelOf(d) is { } l ? " " + l : "")}", ""));
    }

    /// <summary>A copy of the message as sent to the device (delivered or in flight), for an adversary to replay or tamper with.</summary>
    private InFlightDelivery Observed(string message, string to, string keyword)
    {
        string name = X(message);
        string device = DeviceNamed(to).Name;
        return _network.History.FirstOrDefault(d => d.To == device && _network.LabelOf(d) == name)
            ?? throw new ScenarioFailure($"expected {name} to have been sent to {device} for the adversary to {keyword}, but {StatusOf(name, device)}");
    }

    private void Replay(ReplayStep step)
    {
        InFlightDelivery original = Observed(step.Message, step.To, "replay");
        Inject(original, original.Message.Clone(), "replayed");
    }

    private void Tamper(TamperStep step)
    {
        InFlightDelivery original = Observed(step.Message, step.To, "tamper with");
        Wire.ProtoMsg copy = original.Message.Clone();
        string field = X(step.Field);
        if (!Tampering.TryApply(copy, field, step.Byte, _random, out string? why))
        {
            throw new ScenarioFailure($"expected a field of {original.Kind} to tamper with, but {why}");
        }

        Inject(original, copy, $"tampered {field}");
    }

    /// <summary>An active network adversary delivers its own ProtoMsg (fresh id, absorbed consume) to the device now.</summary>
    private void Inject(InFlightDelivery original, Wire.ProtoMsg copy, string what)
    {
        Reissue(copy);
        var injected = new InFlightDelivery(0, original.To, copy, original.Kind, () => original.From);
        _diagram.Add(new DiagramEvent(DiagramEventKind.Fault, "server", original.To, $"{what} {original.Kind}{(_network.LabelOf(original) is { } l ? " " + l : "")}", ""));
        Process(injected, copy, $" [{what}]");
    }

    /// <summary>Gives an adversary's copy a fresh ProtoMsg id the server never issued (its consume is absorbed by <see cref="ObservedTransport"/>).</summary>
    private void Reissue(Wire.ProtoMsg copy) =>
        copy.Tag = new Wire.ProtoMsgTag { ProtoMsgId = ObservedTransport.InjectedIdPrefix + (++_injected).ToString(CultureInfo.InvariantCulture), ProtoMsgT = copy.Tag?.ProtoMsgT ?? 0 };

    /// <summary>Where a message stands for a device, for failure messages.</summary>
    private string StatusOf(string message, string? to)
    {
        if (!_ledger.Exists(message))
        {
            return $"no message named {message} was sent";
        }

        IReadOnlyCollection<string> devices = to is null ? [] : DevicesOf(to);
        bool For(InFlightDelivery d) => _network.LabelOf(d) == message && (to is null || devices.Contains(d.To));
        List<InFlightDelivery> inFlight = [.. _network.InFlight.Where(For)];
        if (inFlight.Count > 0)
        {
            InFlightDelivery d = inFlight[0];
            return d.DelayedUntilStep > _step ? $"it is delayed until step {d.DelayedUntilStep}" : !Deliverable(d) ? "it is held" : "it is in flight";
        }

        if (_network.History.Any(For))
        {
            return "it was already delivered";
        }

        return "its sender has not encrypted it yet (is the session with the recipient accepted? deliver the invite and the accept first)";
    }
}

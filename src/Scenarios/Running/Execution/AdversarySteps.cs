using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// The adversary's steps: <c>compromise</c> copies a device's state (tried later by an <c>adversary</c> expectation);
/// <c>replay</c> and <c>tamper</c> are an active network adversary delivering its own copy of a message it saw.
/// </summary>
internal sealed class AdversarySteps(RunContext run, DeliveryLoop delivery)
{
    /// <summary>An adversary copies the device's whole state now.</summary>
    public void Compromise(CompromiseStep step)
    {
        SimDevice device = run.Roster.DeviceNamed(step.Device);
        string name = run.Expand(step.As);
        if (run.Adversaries.ContainsKey(name))
        {
            throw new ScenarioFailure($"expected a new adversary name, but {name} already holds a copy");
        }

        run.Adversaries[name] = new Adversary(name, device.Name, run.Driver.Snapshot(device), run.Step)
        {
            Observes = step.Observes,
            SequenceAtCompromise = run.Network.History.Count == 0 ? 0 : run.Network.History[^1].Sequence,
            InFlightAtCompromise = run.Network.InFlight.Where(d => d.To == device.Name).Select(d => d.Sequence).ToHashSet(),
        };
        run.Say($"  {name} copies the state of {device.Name}{(step.Observes ? " and observes its traffic from now on" : "")}");
        run.Diagram.Note(device.Name, $"{name} copies the state");
    }

    /// <summary>Delivers the message as it was sent to the device once more.</summary>
    public void Replay(ReplayStep step)
    {
        InFlightDelivery original = Observed(step.Message, step.Pick, step.To, "replay");
        Inject(original, original.Message.Clone(), "replayed");
    }

    /// <summary>Delivers the message as it was sent to the device with one field changed.</summary>
    public void Tamper(TamperStep step)
    {
        InFlightDelivery original = Observed(step.Message, step.Pick, step.To, "tamper with");
        Wire.ProtoMsg copy = original.Message.Clone();
        string field = run.Expand(step.Field);
        if (!Tampering.TryApply(copy, field, step.Byte, step.Bit, run.Random, out string? why))
        {
            throw new ScenarioFailure($"expected a field of {original.Kind} to tamper with, but {why}");
        }

        if (field == "msg_id" && run.Network.LabelOf(original) is { } name)
        {
            run.Ledger.Alias(copy.E2EeMsg.MsgId, name); // the runner tracks the message, not the id the adversary rewrote
        }

        Inject(original, copy, $"tampered {field}");
    }

    /// <summary>Delivers the message as sent to the device with wire fields set to the step's values.</summary>
    public void Rewrite(RewriteStep step)
    {
        InFlightDelivery original = Observed(step.Message, step.Pick, step.To, "rewrite");
        Wire.ProtoMsg copy = original.Message.Clone();
        List<string> what = [];
        foreach (FieldRewrite set in step.Sets)
        {
            what.Add(WireRewriting.Apply(run, original, copy, set));
        }

        bool msgIdSet = step.Sets.Any(s => s.Path == "e2ee_msg.msg_id");
        if (step.Reencrypt is { } reencrypt)
        {
            what.Add(Forgery.Reencrypt(run, original, copy, reencrypt, run.NewMessageName(step.As!), msgIdSet));
        }
        else if (msgIdSet && run.Network.LabelOf(original) is { } name)
        {
            run.Ledger.Alias(copy.E2EeMsg.MsgId, name); // the runner tracks the message, not the id the adversary rewrote
        }

        Inject(original, copy, "rewritten " + string.Join(", ", what));
    }

    /// <summary>The message as sent to the device (delivered or in flight), for the adversary to replay, tamper with or rewrite.</summary>
    private InFlightDelivery Observed(string message, ProtocolPick? pick, string to, string keyword)
    {
        string device = run.Roster.DeviceNamed(to).Name;
        if (pick is not null)
        {
            return WireRewriting.Picked(run, pick, device)
                ?? throw new ScenarioFailure($"expected {pick.Kind} #{pick.Nth}{(pick.From is null ? "" : " from " + run.Expand(pick.From))} to have been sent to {device} for the adversary to {keyword}, but {WireRewriting.CountOf(run, pick, device)} such message(s) were");
        }

        string name = run.Expand(message);
        return run.Network.History.FirstOrDefault(d => d.To == device && run.Network.LabelOf(d) == name)
            ?? throw new ScenarioFailure($"expected {name} to have been sent to {device} for the adversary to {keyword}, but {MessageStatus.Of(run, name, device)}");
    }

    /// <summary>An active network adversary delivers its own ProtoMsg (fresh id, absorbed consume) to the device now.</summary>
    private void Inject(InFlightDelivery original, Wire.ProtoMsg copy, string what)
    {
        if (run.Offline.Contains(original.To))
        {
            throw new ScenarioFailure($"expected {original.To} to be online for the adversary's {what} copy of {run.Network.Describe(original)}, but it is offline (nothing reaches it until online)");
        }

        run.Reissue(copy);
        var injected = new InFlightDelivery(0, original.To, copy, original.Kind, () => original.From);
        run.Diagram.Fault(original.To, $"{what} {original.Kind}{(run.Network.LabelOf(original) is { } l ? " " + l : "")}");
        delivery.Process(injected, copy, $" [{what}]");
    }
}

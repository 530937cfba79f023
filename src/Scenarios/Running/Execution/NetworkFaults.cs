using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>The network's faults a scenario names: hold, release, drop, duplicate and delay what is in flight.</summary>
internal sealed class NetworkFaults(RunContext run)
{
    /// <summary>Holds what matches now and what will match later, until released or healed.</summary>
    public void Hold(HoldStep step)
    {
        IReadOnlyList<InFlightDelivery> held = run.Network.Hold(run.Expand(step.Select), run.Roster.DevicesOf);
        foreach (InFlightDelivery d in held)
        {
            Record(d, "hold");
        }

        run.Say(held.Count == 0 ? "  nothing in flight matches yet; later matching messages will be held" : "  later matching messages will be held too");
    }

    /// <summary>Releases what a hold kept.</summary>
    public void Release(ReleaseStep step)
    {
        IReadOnlyList<InFlightDelivery> released = run.Network.Release(run.Expand(step.Select), run.Roster.DevicesOf);
        foreach (InFlightDelivery d in released)
        {
            run.Say($"  release {run.Network.Describe(d)}");
        }

        if (released.Count == 0)
        {
            run.Say("  nothing was held");
        }
    }

    /// <summary>Drops what matches (the server keeps its copy for redelivery).</summary>
    public void Drop(DropStep step)
    {
        foreach (InFlightDelivery d in Matching(step.Select, "drop"))
        {
            run.Network.Remove(d);
            Record(d, "drop");
        }
    }

    /// <summary>Delivers what matches once more right after its first delivery.</summary>
    public void Duplicate(DuplicateStep step)
    {
        foreach (InFlightDelivery d in Matching(step.Select, "duplicate"))
        {
            d.Duplicates++;
            Record(d, "duplicate");
        }
    }

    /// <summary>Makes what matches undeliverable for the next steps.</summary>
    public void Delay(DelayStep step)
    {
        foreach (InFlightDelivery d in Matching(step.Select, "delay"))
        {
            d.DelayedUntilStep = run.Step + step.Steps + 1;
            Record(d, string.Create(CultureInfo.InvariantCulture, $"delay {step.Steps} steps"));
        }
    }

    /// <summary>Writes a fault made to a delivery in the transcript and the diagram.</summary>
    public void Record(InFlightDelivery d, string what)
    {
        run.Say($"  {what} {run.Network.Describe(d)}");
        run.Diagram.Fault(d.To, $"{what} {d.Kind}{(run.Network.LabelOf(d) is { } l ? " " + l : "")}");
    }

    private IReadOnlyList<InFlightDelivery> Matching(MessageSelector raw, string keyword)
    {
        MessageSelector selector = run.Expand(raw);
        IReadOnlyList<InFlightDelivery> found = run.Network.Select(selector, run.Roster.DevicesOf);
        if (found.Count == 0)
        {
            string what = selector.Messages.Count > 0 ? string.Join(", ", selector.Messages) : selector.Kind ?? "any message";
            throw new ScenarioFailure($"expected {what} in flight{(selector.To is null ? "" : " to " + selector.To)} to {keyword}, but {(selector.Messages.Count > 0 ? MessageStatus.Of(run, selector.Messages[0], selector.To) : "nothing matches")}");
        }

        return found;
    }
}

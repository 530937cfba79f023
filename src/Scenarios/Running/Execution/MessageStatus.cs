using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>Where a message stands for a device (never sent, delayed, held, in flight, delivered, not encrypted yet), for failure messages.</summary>
internal static class MessageStatus
{
    /// <summary>Where <paramref name="message"/> stands for the devices <paramref name="to"/> names (any device when null).</summary>
    public static string Of(RunContext run, string message, string? to)
    {
        if (!run.Ledger.Exists(message))
        {
            return $"no message named {message} was sent";
        }

        IReadOnlyCollection<string> devices = to is null ? [] : run.Roster.DevicesOf(to);
        bool For(InFlightDelivery d) => run.Network.LabelOf(d) == message && (to is null || devices.Contains(d.To));
        List<InFlightDelivery> inFlight = [.. run.Network.InFlight.Where(For)];
        if (inFlight.Count > 0)
        {
            InFlightDelivery d = inFlight[0];
            return run.Offline.Contains(d.To) ? $"{d.To} is offline"
                : d.DelayedUntilStep > run.Step ? $"it is delayed until step {d.DelayedUntilStep}"
                : !run.Deliverable(d) ? "it is held"
                : "it is in flight";
        }

        if (run.Network.History.Any(For))
        {
            return "it was already delivered";
        }

        return "its sender has not encrypted it yet (is the session with the recipient accepted? deliver the invite and the accept first)";
    }
}

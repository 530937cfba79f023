using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;

namespace E2eeConformance.Scenarios.Running.Relayed;

/// <summary>
/// The expectations every relayed family checks the same way (received, not_received, error, tolerate, no_errors),
/// and the end-of-run invariants: every error claimed or tolerated, every message read by every device the server
/// queued it for unless a <c>not_received</c> or an error at that device says otherwise.
/// </summary>
internal sealed class RelayChecks(RelayLedger ledger, Func<string, IReadOnlyList<string>> parties, RepeatBindings bindings, Action<string> say, Func<IReadOnlyList<string>> allDevices, string serverName)
{
    private RelayLedger Ledger => ledger;

    /// <summary>Checks <paramref name="e"/> when it is one of the shared expectations; false: it is the family's to check.</summary>
    public bool TryCheck(Expectation e)
    {
        switch (e)
        {
            case ReceivedExpectation r: Received(r); return true;
            case NotReceivedExpectation n: NotReceived(n); return true;
            case ErrorExpectation er: Error(er); return true;
            case TolerateExpectation t: Tolerate(t); return true;
            case NoErrorsExpectation n: NoErrors(parties(n.At)); return true;
            default: return false;
        }
    }

    /// <summary>The end-of-run invariants.</summary>
    public void CheckEnd()
    {
        NoErrors(allDevices());
        List<string> missing = [];
        foreach ((string message, string device) in Ledger.Queued.OrderBy(q => q.Message, StringComparer.Ordinal).ThenBy(q => q.Device, StringComparer.Ordinal))
        {
            if (!Ledger.Reads.ContainsKey((device, message)) && !Ledger.NotMeant.Contains((message, device))
                && !Ledger.Errors.Any(e => e.Device == device && e.Message == message && !e.Forged))
            {
                missing.Add($"{device} has not read {message}");
            }
        }

        if (missing.Count > 0)
        {
            throw new ScenarioFailure($"invariant: every message is read where the {serverName} took it (or a not_received or an error says why not): " + string.Join("; ", missing));
        }

        say($"  ok: every error claimed; every message read where the {serverName} took it");
    }

    public void Received(ReceivedExpectation e)
    {
        string? text = e.Text is null ? null : X(e.Text);
        foreach (string message in e.Messages.Select(X))
        {
            SentText sent = Ledger.Sent.TryGetValue(message, out SentText? s) ? s : throw new ScenarioFailure($"expected a message sent earlier, found \"{message}\"");
            if (text is not null && !sent.Text.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(text)))
            {
                throw new ScenarioFailure($"expected {message} to carry \"{text}\", but it was sent as {sent.Shown}");
            }

            // As in every family: the devices of `by` the text was meant for when it was sent.
            List<string> devices = [.. parties(e.By).Where(sent.Allowed.Contains)];
            if (devices.Count == 0)
            {
                throw new ScenarioFailure($"expected {X(e.By)} to receive {message}, but no device of {X(e.By)} was an intended recipient when it was sent (recipients: {string.Join(", ", sent.Allowed.Order(StringComparer.Ordinal))})");
            }

            foreach (string device in devices.Where(d => !Ledger.Reads.ContainsKey((d, message))))
            {
                string errors = string.Join("; ", Ledger.Errors.Where(er => er.Device == device && er.Message == message));
                throw new ScenarioFailure($"expected {device} to have read {message}, but it has not{(errors.Length > 0 ? " (errors: " + errors + ")" : "")}");
            }
        }

        say($"  ok: {X(e.By)} read {string.Join(", ", e.Messages.Select(X))}");
    }

    public void NotReceived(NotReceivedExpectation e)
    {
        foreach (string device in parties(e.By))
        {
            foreach (string message in e.Messages.Select(X))
            {
                if (Ledger.Reads.ContainsKey((device, message)))
                {
                    throw new ScenarioFailure($"expected {device} not to have read {message}, but it did");
                }

                Ledger.NotMeant.Add((message, device));
            }
        }

        say($"  ok: {X(e.By)} did not read {string.Join(", ", e.Messages.Select(X))}");
    }

    public void Error(ErrorExpectation e)
    {
        IReadOnlyList<string> devices = parties(e.At);
        string? message = e.Message is null ? null : X(e.Message);
        List<RunError> matching = [.. Ledger.Errors.Where(r => !r.Claimed && devices.Contains(r.Device) && r.Code == e.Code && (message is null || r.Message == message))];
        bool holds = e.Range is { } range ? range.Contains(matching.Count) : matching.Count >= e.Count;
        string what = (e.Range is { } r ? r.ToString() : e.Count.ToString(CultureInfo.InvariantCulture)) + $" × {e.Code} at {X(e.At)}{(message is null ? "" : " for " + message)}";
        if (!holds)
        {
            string unclaimed = string.Join("; ", Ledger.Errors.Where(x => !x.Claimed && devices.Contains(x.Device)));
            throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected {what}, but found {matching.Count}; unclaimed errors there: {(unclaimed.Length == 0 ? "none" : unclaimed)}"));
        }

        foreach (RunError error in e.Range is null ? matching.Take(e.Count) : matching)
        {
            error.Claimed = true;
        }

        say($"  ok: {what}");
    }

    /// <summary>From now on errors with this code at these devices are claimed as they come (and so is any such error still unclaimed).</summary>
    public void Tolerate(TolerateExpectation t)
    {
        HashSet<string> devices = parties(t.At).ToHashSet(StringComparer.Ordinal);
        Ledger.Tolerated.Add((devices, t.Code));
        foreach (RunError error in Ledger.Errors.Where(er => !er.Claimed && er.Code == t.Code && devices.Contains(er.Device)))
        {
            error.Claimed = true;
        }

        say($"  tolerate {t.Code} at {X(t.At)}: {X(t.Reason)}");
    }

    /// <summary><c>event</c>: each device of <c>at</c> raised events of the kind (about <c>of</c>, a user) as many times as expected.</summary>
    public void Event(EventExpectation e, IReadOnlyList<(string Device, string Kind, string Of)> events, Func<string, string> userOf)
    {
        string? of = e.Of is { } o ? userOf(X(o)) : null;
        foreach (string device in parties(e.At))
        {
            int count = events.Count(v => v.Device == device && v.Kind == e.Kind && (of is null || v.Of == of));
            if (!e.Expected.Contains(count))
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected {e.Expected} {e.Kind} event(s) at {device}{(of is null ? "" : " about " + of)}, but it raised {count}"));
            }
        }

        say($"  ok: {e.Kind} at {X(e.At)}");
    }

    public void NoErrors(IReadOnlyList<string> devices)
    {
        List<RunError> open = [.. Ledger.Errors.Where(e => !e.Claimed && devices.Contains(e.Device) && !Ledger.IsTolerated(e))];
        if (open.Count > 0)
        {
            throw new ScenarioFailure("unclaimed errors: " + string.Join("; ", open));
        }
    }

    private string X(string text) => bindings.Expand(text);
}

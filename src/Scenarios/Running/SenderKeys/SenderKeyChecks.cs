using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// The expectations of a sender-key run, with the meaning they have in every family (received, not_received, error,
/// tolerate, no_errors, adversary_decrypts / adversary_cannot_decrypt, state, summary), and the end-of-run invariants:
/// every error claimed or tolerated, every message read by every device the relay queued it for unless a
/// <c>not_received</c> or an error at that device says otherwise.
/// </summary>
internal sealed class SenderKeyChecks(SenderKeyWorld world, Func<string, IReadOnlyList<string>> parties, RepeatBindings bindings)
{
    private SenderKeyLedger Ledger => world.Ledger;

    public void Check(ExpectStep step)
    {
        foreach (Expectation e in step.Expectations)
        {
            switch (e)
            {
                case ReceivedExpectation r: Received(r); break;
                case NotReceivedExpectation n: NotReceived(n); break;
                case ErrorExpectation er: Error(er); break;
                case TolerateExpectation t: Tolerate(t); break;
                case NoErrorsExpectation n: NoErrors(parties(n.At)); break;
                case AdversaryExpectation a: Adversary(a); break;
                case StateExpectation s: State(s); break;
                case SummaryExpectation s: Summary(s); break;
                default: throw new ScenarioFailure($"the expectation {e.Keyword} has no meaning in sender-keys");
            }
        }
    }

    /// <summary>The end-of-run invariants.</summary>
    public void CheckEnd()
    {
        NoErrors([.. world.Devices.Select(d => d.Name)]);
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
            throw new ScenarioFailure("invariant: every message is read where the relay took it (or a not_received or an error says why not): " + string.Join("; ", missing));
        }

        world.Say("  ok: every error claimed; every message read where the relay took it");
    }

    private void Received(ReceivedExpectation e)
    {
        string? text = e.Text is null ? null : X(e.Text);
        foreach (string message in e.Messages.Select(X))
        {
            SentText sent = Ledger.Sent.TryGetValue(message, out SentText? s) ? s : throw new ScenarioFailure($"expected a message sent earlier, found \"{message}\"");
            if (text is not null && !sent.Text.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(text)))
            {
                throw new ScenarioFailure($"expected {message} to carry \"{text}\", but it was sent as {SenderKeyWorld.Shown(sent)}");
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

        world.Say($"  ok: {X(e.By)} read {string.Join(", ", e.Messages.Select(X))}");
    }

    private void NotReceived(NotReceivedExpectation e)
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

        world.Say($"  ok: {X(e.By)} did not read {string.Join(", ", e.Messages.Select(X))}");
    }

    private void Error(ErrorExpectation e)
    {
        IReadOnlyList<string> devices = parties(e.At);
        string? message = e.Message is null ? null : X(e.Message);
        List<SenderKeyRunError> matching = [.. Ledger.Errors.Where(r => !r.Claimed && devices.Contains(r.Device) && r.Code == e.Code && (message is null || r.Message == message))];
        bool holds = e.Range is { } range ? range.Contains(matching.Count) : matching.Count >= e.Count;
        string what = (e.Range is { } r ? r.ToString() : e.Count.ToString(CultureInfo.InvariantCulture)) + $" × {e.Code} at {X(e.At)}{(message is null ? "" : " for " + message)}";
        if (!holds)
        {
            string unclaimed = string.Join("; ", Ledger.Errors.Where(x => !x.Claimed && devices.Contains(x.Device)));
            throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected {what}, but found {matching.Count}; unclaimed errors there: {(unclaimed.Length == 0 ? "none" : unclaimed)}"));
        }

        foreach (SenderKeyRunError error in e.Range is null ? matching.Take(e.Count) : matching)
        {
            error.Claimed = true;
        }

        world.Say($"  ok: {what}");
    }

    /// <summary>From now on errors with this code at these devices are claimed as they come (and so is any such error still unclaimed).</summary>
    private void Tolerate(TolerateExpectation t)
    {
        HashSet<string> devices = parties(t.At).ToHashSet(StringComparer.Ordinal);
        Ledger.Tolerated.Add((devices, t.Code));
        foreach (SenderKeyRunError error in Ledger.Errors.Where(er => !er.Claimed && er.Code == t.Code && devices.Contains(er.Device)))
        {
            error.Claimed = true;
        }

        world.Say($"  tolerate {t.Code} at {X(t.At)}: {X(t.Reason)}");
    }

    private void NoErrors(IReadOnlyList<string> devices)
    {
        List<SenderKeyRunError> open = [.. Ledger.Errors.Where(e => !e.Claimed && devices.Contains(e.Device) && !Ledger.IsTolerated(e))];
        if (open.Count > 0)
        {
            throw new ScenarioFailure("unclaimed errors: " + string.Join("; ", open));
        }
    }

    private void Adversary(AdversaryExpectation e)
    {
        string name = X(e.State);
        string message = X(e.Message);
        SenderKeyAdversary adversary = world.Adversaries.TryGetValue(name, out SenderKeyAdversary? a) ? a : throw new ScenarioFailure($"no adversary {name}");
        RelayDelivery? delivery = Ledger.GroupMessages.TryGetValue(message, out E2eeConformance.SenderKeys.Groups.GroupMessage? g)
            ? new GroupDelivery(adversary.Device, world.NowMs, g) // one ciphertext for every member: the observer saw it on the wire
            : world.History.Concat(world.InFlight).Concat(world.Dropped).FirstOrDefault(f => !f.Forged && f.Label == message && f.To == adversary.Device)?.Delivery;
        (bool read, string why) = delivery is null ? (false, $"{message} never went to {adversary.Device}") : adversary.TryRead(message, delivery, world.NowMs, world.Policy);
        if (read != e.CanDecrypt)
        {
            throw new ScenarioFailure(e.CanDecrypt
                ? $"expected the adversary {name} (a copy of {adversary.Device}) to read {message}, but it could not: {why}"
                : $"expected the adversary {name} (a copy of {adversary.Device}) not to read {message}, but it did");
        }

        world.Say($"  ok: adversary {name} {(read ? "reads" : "cannot read")} {message}{(read ? "" : " (" + why + ")")}");
    }

    /// <summary>The counters of one device (a user: its first device, as in every family).</summary>
    private void State(StateExpectation e)
    {
        SenderKeyDeviceState state = world.Device(parties(e.Device)[0]).State;
        GroupView? group = e.Group is { } g ? state.Groups.GetValueOrDefault(X(g)) : null;
        if (e.GroupMembers is not null && group is null)
        {
            throw new ScenarioFailure($"expected {state.Name} to hold group {X(e.Group!)} with {e.GroupMembers} member devices, but it is not in it");
        }

        Count("sessions", e.Sessions, state.Sessions.Count);
        Count("skipped_keys", e.SkippedKeys, state.Groups.Values.Sum(v => v.Records.Values.Sum(r => r.Keys.Values.Sum(c => c.Skipped.Count))));
        Count("groups", e.Groups, state.Groups.Count);
        Count("group_members", e.GroupMembers, group?.Members.Count ?? 0);
        if (e.SenderKeyId is { } id && (group is null || group.Own.KeyId != id))
        {
            throw new ScenarioFailure(group is null
                ? $"expected {state.Name}'s sender key {id} in {X(e.Group!)}, but it is not in the group"
                : string.Create(CultureInfo.InvariantCulture, $"expected {state.Name}'s sender key in {group.Group} to be {id}, but it is {group.Own.KeyId}"));
        }

        world.Say($"  ok: state of {state.Name}");

        void Count(string what, CountRange? range, int actual)
        {
            if (range is { } r && !r.Contains(actual))
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected {state.Name} to have {r} {what}, but it has {actual}"));
            }
        }
    }

    private void Summary(SummaryExpectation e)
    {
        foreach (string device in parties(e.Of))
        {
            SenderKeyDeviceState s = world.Device(device).State;
            string groups = string.Join("; ", s.Groups.Values.Select(v => string.Create(
                CultureInfo.InvariantCulture,
                $"{v.Group} v{v.Version}: own key {v.Own.KeyId} #{v.Own.Counter}, {v.Members.Count} member devices, keys of {string.Join(", ", v.Records.Values.Select(r => $"{r.Sender} [{string.Join(" ", r.Keys.Keys)}]"))}")));
            world.Say(string.Create(CultureInfo.InvariantCulture, $"  summary {device}: {s.Sessions.Count} sessions{(groups.Length == 0 ? "" : "; " + groups)}"));
        }
    }

    private string X(string text) => bindings.Expand(text);
}

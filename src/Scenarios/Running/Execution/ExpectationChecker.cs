using System.Globalization;
using System.Text;
using E2eeConformance.Engine.Client;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>The <c>expect</c> step: each expectation is checked now, and each failure says what was expected and what happened.</summary>
internal sealed class ExpectationChecker(RunContext run)
{
    /// <summary>Checks the step's expectations in order; the first that fails stops the run.</summary>
    public void Expect(ExpectStep step)
    {
        foreach (Expectation expectation in step.Expectations)
        {
            switch (expectation)
            {
                case ReceivedExpectation e: ExpectReceived(e); break;
                case NotReceivedExpectation e: ExpectNotReceived(e); break;
                case ErrorExpectation e: ExpectError(e); break;
                case NoErrorsExpectation e: ExpectNoErrors(e); break;
                case TolerateExpectation e: Tolerate(e); break;
                case RefusedExpectation e: ExpectRefused(e); break;
                case EventExpectation e: new EventCheck(run).Check(e); break;
                case AdversaryExpectation e: ExpectAdversary(e); break;
                case IdentityExpectation e: new IdentityCheck(run).Check(e); break;
                case StateExpectation e: ExpectState(e); break;
                case ServerExpectation e: ExpectServer(e); break;
                case SummaryExpectation e: Summarize(e); break;
                default: throw new ScenarioFailure($"the runner does not know the expectation {expectation.Keyword}");
            }
        }
    }

    private string X(string text) => run.Expand(text);

    private IReadOnlyList<string> X(IReadOnlyList<string> texts) => run.Expand(texts);

    private SentMessage Sent(string name) =>
        run.Ledger.Exists(X(name)) ? run.Ledger.Get(X(name)) : throw new ScenarioFailure($"expected a message sent earlier, found \"{X(name)}\"");

    private void ExpectReceived(ReceivedExpectation e)
    {
        List<string> missing = [];
        foreach (string raw in e.Messages)
        {
            SentMessage sent = Sent(raw);
            if (e.Text is { } text && !sent.Text.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(X(text))))
            {
                throw new ScenarioFailure($"expected {sent.Name} to carry \"{X(text)}\", but it was sent as {Transcript.Quote(sent.Text)}");
            }

            List<string> devices = [.. run.Roster.DevicesOf(e.By).Where(d => sent.Allowed.Contains(d) || run.Network.WasReroutedTo(d, sent.Name))];
            if (devices.Count == 0)
            {
                throw new ScenarioFailure($"expected {X(e.By)} to receive {sent.Name}, but no device of {X(e.By)} was an intended recipient when it was sent (recipients: {string.Join(", ", sent.Allowed.Order(StringComparer.Ordinal))})");
            }

            foreach (string device in devices)
            {
                if (!run.Ledger.HasReceived(device, sent.Name))
                {
                    string lag = sent.Intended.Contains(device) ? "" : $"; {sent.From} did not know {device} as a recipient when it sent it";
                    missing.Add($"{device} has not decrypted {sent.Name} ({MessageStatus.Of(run, sent.Name, device)}{run.Findings.ErrorsFor(device, sent.Name)}{lag})");
                }
            }
        }

        if (missing.Count > 0)
        {
            throw new ScenarioFailure($"expected {X(e.By)} to have received {string.Join(", ", X(e.Messages))}, but " + string.Join("; ", missing));
        }

        run.Say(string.Create(CultureInfo.InvariantCulture, $"  ok: {X(e.By)} received {string.Join(", ", X(e.Messages))}"));
    }

    private void ExpectNotReceived(NotReceivedExpectation e)
    {
        foreach (string raw in e.Messages)
        {
            SentMessage sent = Sent(raw);
            foreach (string device in run.Roster.DevicesOf(e.By))
            {
                if (run.Ledger.HasReceived(device, sent.Name))
                {
                    throw new ScenarioFailure($"expected {device} not to have decrypted {sent.Name}, but it did");
                }

                run.Findings.Excuse(device, sent.Name);
            }
        }

        run.Say($"  ok: {X(e.By)} did not receive {string.Join(", ", X(e.Messages))}");
    }

    private void ExpectError(ErrorExpectation e)
    {
        IReadOnlyCollection<string> devices = run.Roster.DevicesOf(e.At);
        string? message = e.Message is null ? null : X(e.Message);
        List<RecordedError> matching = [.. run.Findings.Errors.Where(r => !r.Claimed && devices.Contains(r.Device) && r.Code == e.Code && (message is null || r.Message == message))];
        string what = message is null ? "" : $" for {message}";
        string expected = e.Range is { } range
            ? string.Create(CultureInfo.InvariantCulture, $"{range} error(s) {e.Code} at {X(e.At)}{what}")
            : string.Create(CultureInfo.InvariantCulture, $"{e.Count} error {e.Code} at {X(e.At)}{what}");
        Claim(matching, e.Range, e.Count, expected, "errors", run.Findings.Errors.Where(r => !r.Claimed && devices.Contains(r.Device)));
        run.Say(string.Create(CultureInfo.InvariantCulture, $"  ok: {(e.Range is { } r ? r.ToString() : e.Count.ToString(CultureInfo.InvariantCulture))} × {e.Code} at {X(e.At)}{what}"));
    }

    private void ExpectRefused(RefusedExpectation e)
    {
        IReadOnlyCollection<string> devices = run.Roster.DevicesOf(e.At);
        List<RecordedRefusal> unclaimed = [.. run.Findings.Refusals.Where(r => !r.Claimed && devices.Contains(r.Device))];
        List<RecordedRefusal> matching = [.. unclaimed.Where(r => (e.Request is null || r.Request == e.Request) && (e.Code is null || r.Code == e.Code))];
        string what = (e.Request is null ? "" : " of " + e.Request) + (e.Code is null ? "" : " with " + e.Code);
        Claim(matching, null, e.Count, string.Create(CultureInfo.InvariantCulture, $"{e.Count} refused request(s){what} at {X(e.At)}"), "refusals", unclaimed);
        run.Say(string.Create(CultureInfo.InvariantCulture, $"  ok: {e.Count} × refused{what} at {X(e.At)}"));
    }

    /// <summary>
    /// Claims what matched — <paramref name="count"/> of them, or every one when a <paramref name="range"/> holds — or
    /// fails: "expected <paramref name="expected"/>, but found N; unclaimed KIND there: …".
    /// </summary>
    private static void Claim<T>(List<T> matching, CountRange? range, int count, string expected, string kind, IEnumerable<T> unclaimedThere)
        where T : IClaimable
    {
        if (range is { } r ? !r.Contains(matching.Count) : matching.Count < count)
        {
            List<T> reported = [.. unclaimedThere];
            throw new ScenarioFailure(string.Create(
                CultureInfo.InvariantCulture,
                $"expected {expected}, but found {matching.Count}; unclaimed {kind} there: {(reported.Count == 0 ? "none" : string.Join("; ", reported))}"));
        }

        foreach (T item in range is null ? matching.Take(count) : matching)
        {
            item.Claimed = true;
        }
    }

    private void Tolerate(TolerateExpectation e)
    {
        IReadOnlyCollection<string> devices = run.Roster.DevicesOf(e.At);
        run.Findings.Tolerate(devices, e.Code);
        int already = 0;
        foreach (RecordedError error in run.Findings.Errors.Where(r => !r.Claimed && devices.Contains(r.Device) && r.Code == e.Code))
        {
            error.Claimed = true;
            already++;
        }

        run.Say(string.Create(CultureInfo.InvariantCulture, $"  tolerating {e.Code} at {X(e.At)} from now on ({already} so far): {e.Reason}"));
    }

    private void ExpectNoErrors(NoErrorsExpectation e)
    {
        IReadOnlyCollection<string> devices = run.Roster.DevicesOf(e.At);
        List<RecordedError> unclaimed = [.. run.Findings.Errors.Where(r => !r.Claimed && devices.Contains(r.Device))];
        if (unclaimed.Count > 0)
        {
            throw new ScenarioFailure($"expected no errors at {X(e.At)}, but: {string.Join("; ", unclaimed.Select(r => $"{r} — {r.Detail}"))}");
        }

        run.Say($"  ok: no errors at {X(e.At)}");
    }

    /// <summary>
    /// The adversary tries the message with the state it copied (and, observing, the traffic it saw since:
    /// <see cref="AdversaryAttempts"/>); it keeps the state the attempts leave.
    /// </summary>
    private void ExpectAdversary(AdversaryExpectation e)
    {
        string name = X(e.State);
        Adversary adversary = run.Adversaries.TryGetValue(name, out Adversary? a) ? a
            : throw new ScenarioFailure($"expected an adversary that copied a state earlier, found \"{name}\" (adversaries: {string.Join(", ", run.Adversaries.Keys)})");
        SentMessage sent = Sent(e.Message);
        (bool decrypted, string outcome, string to) = new AdversaryAttempts(run).Try(adversary, sent);
        run.Say($"  {name} (state of {adversary.Device} from step {adversary.Step}) tries {sent.Name} to {to}: {outcome}");
        run.Diagram.Note(adversary.Device, $"{name} tries {sent.Name}", outcome);
        if (e.CanDecrypt != decrypted)
        {
            throw new ScenarioFailure($"expected the adversary {name} (state of {adversary.Device} copied at step {adversary.Step}) {(e.CanDecrypt ? "to decrypt" : "not to decrypt")} {sent.Name}, but it {outcome}");
        }
    }

    private void ExpectState(StateExpectation e)
    {
        SimDevice device = run.Roster.DeviceNamed(e.Device);
        DeviceSummary summary = run.Driver.SummaryOf(device);
        List<string> wrong = [];
        void Check(string what, CountRange? expected, long actual)
        {
            if (expected is { } x && !x.Contains(actual))
            {
                wrong.Add(string.Create(CultureInfo.InvariantCulture, $"{x.Describe(what)}, found {actual}"));
            }
        }

        Check("sessions", e.Sessions, summary.Sessions);
        Check("skipped_keys", e.SkippedKeys, summary.SkippedKeys);
        Check("one_time_pre_keys", e.OneTimePreKeys, summary.OneTimePreKeys);
        Check("signed_pre_key_id", e.SignedPreKeyId is { } spk ? CountRange.Exactly(spk) : null, summary.SignedPreKeyId);
        Check("groups", e.Groups, summary.Groups);
        if (e.GroupMembers is { } members)
        {
            SimGroup group = run.Roster.GroupNamed(e.Group ?? throw new ScenarioFailure("expected group: NAME with group_members"));
            int? actual = run.Driver.GroupMembersOf(device, group);
            if (actual is not { } found || !members.Contains(found))
            {
                string held = string.Join(", ", (run.Driver.GroupViewOf(device, group) ?? []).Select(run.Roster.NameOf).Order(StringComparer.Ordinal));
                wrong.Add(string.Create(CultureInfo.InvariantCulture, $"{members.Describe("group_members of " + group.Name)}, found {(actual is null ? "no keys for the group" : $"{actual.Value} ({held})")}"));
            }
        }

        if (wrong.Count > 0)
        {
            throw new ScenarioFailure($"expected {device.Name} to have {string.Join("; ", wrong)} ({summary})");
        }

        run.Say($"  ok: state of {device.Name}");
    }

    private void ExpectServer(ServerExpectation e)
    {
        if (e.PendingFor is { } pendingFor)
        {
            SimDevice device = run.Roster.DeviceNamed(pendingFor);
            int pending = run.Server.Pending(run.Driver.AddressOf(device)).Count;
            if (e.Pending is { } expected && !expected.Contains(pending))
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected the server to hold {expected} unconsumed message(s) for {device.Name}, but it holds {pending}"));
            }
        }

        if (e.OneTimePreKeysOf is { } of)
        {
            SimDevice device = run.Roster.DeviceNamed(of);
            int stock = run.Server.OneTimePreKeyStock(run.Driver.AddressOf(device));
            if (e.Stock is { } expected && !expected.Contains(stock))
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected the server to hold {expected} one-time pre-key(s) of {device.Name}, but it holds {stock}"));
            }
        }

        run.Say("  ok: server");
    }

    private void Summarize(SummaryExpectation e)
    {
        foreach (string name in run.Roster.DevicesOf(e.Of))
        {
            SimDevice device = run.Roster.Device(name);
            DeviceSummary summary = run.Driver.SummaryOf(device);
            string groups = string.Join(", ", run.Roster.Groups.OrderBy(g => g.Name, StringComparer.Ordinal)
                .Select(g => (g.Name, Members: run.Driver.GroupMembersOf(device, g)))
                .Where(g => g.Members is not null)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Name}:{g.Members}")));
            Wire.E2eeAddress address = run.Driver.AddressOf(device);
            run.Say($"  summary {name}: {summary}{(groups.Length == 0 ? "" : " group_members=" + groups)} server_pending={run.Server.Pending(address).Count.ToString(CultureInfo.InvariantCulture)} server_one_time_pre_keys={run.Server.OneTimePreKeyStock(address).ToString(CultureInfo.InvariantCulture)}");
        }
    }
}

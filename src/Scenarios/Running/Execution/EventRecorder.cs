using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// What devices report, turned into transcript lines, receipts in the ledger, recorded errors and invariant checks
/// (a decryption gives the bytes sent, only to an intended recipient, once; no device encrypts a text nobody sent).
/// </summary>
internal sealed class EventRecorder(RunContext run)
{
    /// <summary>Events raised outside a delivery (by a step's own device call): one transcript line each.</summary>
    public void Drain()
    {
        foreach (string outcome in Drain(null))
        {
            run.Say("  " + outcome);
        }
    }

    /// <summary>
    /// A step's request the server refused (<paramref name="refused"/>): recorded as a refusal of <paramref name="request"/>
    /// (the step's keyword) for a <c>refused</c> expectation to claim, and the events raised meanwhile drained — the
    /// device's own report of that refusal (a <see cref="RequestRefused"/> of the same request and code) is the same
    /// refusal, not an error besides it.
    /// </summary>
    public void Refused(SimDevice device, string request, DeviceRequestException refused)
    {
        string code = Loading.ScenarioLoader.RefusalCodeOf(refused.Code);
        run.Findings.AddRefusal(new RecordedRefusal(device.Name, request, code, refused.Message, run.Step));
        run.Say($"  {device.Name} {request} refused by the server: {code}");
        string address = Engine.Protocol.Addresses.Format(run.Driver.AddressOf(device));
        bool absorbed = false;
        foreach (string outcome in Drain(null, e => !absorbed && (absorbed = e is RequestRefused r && r.Device == address && r.Request == refused.Request && r.Code == refused.Code)))
        {
            run.Say("  " + outcome);
        }
    }

    /// <summary>Handles the events raised since the last drain; returns how each reads in the transcript.</summary>
    public List<string> Drain(InFlightDelivery? delivery) => Drain(delivery, _ => false);

    /// <summary>As <see cref="Drain(InFlightDelivery?)"/>, passing over the events <paramref name="skip"/> takes.</summary>
    private List<string> Drain(InFlightDelivery? delivery, Func<DeviceEvent, bool> skip)
    {
        List<string> outcomes = [];
        foreach (DeviceEvent e in run.Driver.DrainEvents().Where(e => !skip(e)))
        {
            string device = NameOf(e.Device);
            string? line = e switch
            {
                OneToOneMessageSent s => OnEncrypted(device, NameOf(s.To), s.Text, s.MsgId),
                GroupMessageSent s => OnEncrypted(device, NameOf(s.Group), s.Text, s.MsgId),
                GroupTextWithdrawn w => OnWithdrawn(device, NameOf(w.Group), w.Text, [.. w.Newcomers.Select(NameOf)]),
                OneToOneMessageReceived r => OnDecrypted(device, r.MsgId, r.Text, NameOf(r.From)),
                GroupMessageReceived r => OnDecrypted(device, r.MsgId, r.Text, NameOf(r.From)),
                MessageDeferred m => $"{device} keeps {run.Ledger.NameOf(m.MsgId) ?? "a message"} from {NameOf(m.From)}: {m.Reason}",
                SessionEstablished s => Noted(device, "session_established", NameOf(s.Peer), s.Outbound ? "outbound" : "inbound", $"{device} has a session with {NameOf(s.Peer)} ({(s.Outbound ? "outbound" : "inbound")})"),
                GroupSessionChanged g => $"{device} {NameOf(g.Group)} session {g.Reason}",
                GroupLeft g => $"{device} left {NameOf(g.Group)}",
                ProtocolFailure f => OnError(device, ProtocolErrorCodes.Name(f.Code), delivery, f.Detail, f.MsgId),
                ExternalProtocolFailure f => OnError(device, f.Error, delivery, f.Detail, f.MsgId),
                RequestRefused r => OnError(device, Loading.ScenarioLoader.RequestRefusedCode, delivery, $"{r.Request} answered {r.Code}", ""),
                UserUpdated u => Noted(device, "user_updated", NameOf(u.User), u.UserName, $"{device} learns {NameOf(u.User)} changed {u.Operation.ToLowerInvariant()}{(u.UserName.Length == 0 ? "" : $" to \"{u.UserName}\"")}"),
                PreKeysPublished p => Noted(device, "pre_keys_published", "", p.What, $"{device} publishes {p.Count} {p.What.Replace('_', ' ')}{(run.Offline.Contains(device) ? " (the request waits: offline)" : "")}"),
                HeartbeatReceived h => OnHeartbeat(device, h.ServerTime),
                _ => $"{device} {e.GetType().Name}",
            };
            if (line is not null)
            {
                outcomes.Add(line);
            }
        }

        return outcomes;
    }

    private string NameOf(string formatted) => run.Roster.NameOf(formatted);

    /// <summary>Records an event an <c>event</c> expectation can look for; returns its transcript line.</summary>
    private string Noted(string device, string kind, string subject, string detail, string line)
    {
        run.Findings.AddEvent(new RecordedEvent(device, kind, subject, detail, run.Step));
        return line;
    }

    /// <summary>A heartbeat, with the server time it claims as an offset from the run's clock ("server time +30d").</summary>
    private string OnHeartbeat(string device, long unixMs)
    {
        string time = ServerTime(unixMs);
        return Noted(device, "heartbeat", "", time, $"{device} heartbeat ({time})");
    }

    private string ServerTime(long unixMs)
    {
        double ahead = (double)unixMs - run.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        return Math.Abs(ahead) <= HeartbeatTime.MaxOffset.TotalMilliseconds
            ? "server time " + HeartbeatTime.By(TimeSpan.FromMilliseconds(ahead))
            : "server time " + HeartbeatTime.At(unixMs);
    }

    private string OnEncrypted(string device, string recipient, byte[] text, string msgId)
    {
        string? name = run.Ledger.OnEncrypted(device, recipient, text, msgId);
        if (name is null)
        {
            run.Findings.Violation($"{device} encrypted a text no send step of this run asked for ({Transcript.Quote(text)} for {recipient})");
            return $"{device} encrypts an unknown text for {recipient}";
        }

        SentMessage sent = run.Ledger.Get(name);
        if (sent.ToGroup && sent.Step < run.Step)
        {
            NarrowToMembers(sent);
        }

        return $"{device} encrypts {name} for {recipient}";
    }

    /// <summary>
    /// A group text that waited at its sender (its keys on their way, its own add held) leaves only now, and the server
    /// hands it to the group's members of now: users removed since it was written never get it (a loss by design,
    /// docs/CONVERGENCE.md), so their devices are no longer expected to read it. Who else may read it is unchanged.
    /// </summary>
    private void NarrowToMembers(SentMessage sent)
    {
        SimGroup group = run.Roster.GroupNamed(sent.Target);
        HashSet<string> members = new(group.Members.SelectMany(run.Roster.DevicesOfUser).Select(d => d.Name), StringComparer.Ordinal);
        sent.Intended = new HashSet<string>(sent.Intended.Where(members.Contains), StringComparer.Ordinal);
    }

    /// <summary>
    /// A waiting group text the device withdrew because devices joined meanwhile: allowed only when the sender's device
    /// did not know any of them as a recipient when the text was written (they were not in its view then).
    /// </summary>
    private string OnWithdrawn(string device, string group, byte[] text, IReadOnlyList<string> newcomers)
    {
        SentMessage? sent = run.Ledger.OnWithdrawn(device, group, text, out IReadOnlySet<string> known);
        if (sent is null)
        {
            run.Findings.Violation($"{device} withdrew a text no send step of this run asked for ({Transcript.Quote(text)} for {group})");
            return $"{device} withdraws an unknown text for {group}";
        }

        string[] knewThem = [.. newcomers.Where(known.Contains)];
        if (knewThem.Length > 0)
        {
            run.Findings.Violation($"{device} withdrew {sent.Name} because {string.Join(", ", knewThem)} joined, but knew them as recipients when it was written");
        }

        return $"{device} withdraws {sent.Name} for {group}: {string.Join(", ", newcomers)} joined after it was written";
    }

    private string OnDecrypted(string device, string msgId, byte[] text, string from)
    {
        string? name = run.Ledger.NameOf(msgId);
        if (name is null)
        {
            run.Findings.Violation($"{device} decrypted {Transcript.Quote(text)} from {from}, which no send step of this run sent");
            return $"{device} received an unknown text {Transcript.Quote(text)}";
        }

        SentMessage sent = run.Ledger.Get(name);
        if (!sent.Text.AsSpan().SequenceEqual(text))
        {
            run.Findings.Violation($"{device} decrypted {name} as {Transcript.Quote(text)}, but {Transcript.Quote(sent.Text)} was sent");
        }

        if (!sent.Allowed.Contains(device) && !run.Network.WasReroutedTo(device, name))
        {
            run.Findings.Violation($"{device} decrypted {name}, but it was not among the intended recipients at send time ({string.Join(", ", sent.Allowed.Order(StringComparer.Ordinal))})");
        }

        if (run.Ledger.Receive(device, name) > 1)
        {
            run.Findings.Violation($"{device} decrypted {name} a second time");
        }

        return $"{device} received {name} {Transcript.Quote(text)}";
    }

    /// <summary>
    /// Records an error against the message that failed: the delivery's own message, or — when the device names another
    /// one (<paramref name="msgId"/>: a message it held and retried or evicted while handling this input) — that one, so
    /// <c>error: { message }</c> claims a retried message's failure by the message's name, not by what triggered it.
    /// </summary>
    private string OnError(string device, string code, InFlightDelivery? delivery, string detail, string msgId)
    {
        string? label = delivery is null ? null : run.Network.LabelOf(delivery);
        string where = delivery is null ? "a step" : run.Network.Describe(delivery);
        if (msgId.Length > 0 && run.Ledger.NameOf(msgId) is { } held && held != label)
        {
            run.Findings.AddError(new RecordedError(device, code, held, $"{held}, held and retried during {where}", detail, run.Step));
            return $"{device} error {code} ({held})";
        }

        run.Findings.AddError(new RecordedError(device, code, label, where, detail, run.Step));
        return $"{device} error {code}";
    }
}

using System.Globalization;
using System.Text;
using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Device;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Server;
using E2eeConformance.Mpenc.Session;
using E2eeConformance.Mpenc.Wire;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Relayed;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Mpenc;

/// <summary>
/// The mpENC run's world: the channel server (<see cref="ChannelServer"/>), the virtual clock, the members, the channel
/// events in flight and the ledger. A member's step commits its state first; its requests then go to the channel (or
/// wait in its outbox while it is offline), and the channel's events go in flight in the channel's order.
/// </summary>
internal sealed class MpencWorld(ulong seed, Action<string> say) : RelayedWorld<MpencFlight, MpencDeviceSlot>(say)
{
    private long _sequence;

    public ulong Seed { get; } = seed;

    public ChannelServer Server { get; } = new();

    public MpencLedger Ledger { get; } = new();

    public override string ServerName => "channel";

    /// <summary>The adversaries' state copies by name, with the device each copies.</summary>
    public Dictionary<string, (string Device, MpencDeviceState State)> Adversaries { get; } = new(StringComparer.Ordinal);

    protected override RelayLedger SharedLedger => Ledger;

    public static string DeviceOf(string user) => user + "/1";

    public static string UserOf(string device) => device.Split('/')[0];

    /// <summary>A new member: its identity key (Ed25519) from the run's stream for its name.</summary>
    public void AddDevice(string user)
    {
        string name = DeviceOf(user);
        RequireNew(name);
        byte[] identity = new byte[32];
        new MpencRandom(string.Create(CultureInfo.InvariantCulture, $"mpenc/{Seed}/identity/{user}")).Fill(identity);
        var slot = new MpencDeviceSlot(name, MpencDeviceState.New(user, identity), new MpencRandom(string.Create(CultureInfo.InvariantCulture, $"mpenc/{Seed}/{name}")));
        AddSlot(slot);
        Say($"  {name} is ready (identity key {Convert.ToHexStringLower(slot.State.IdentityPublicKey)[..16]}...)");
    }

    /// <summary>One input to a member: the step runs, its state is committed, its events are recorded, then its requests leave (or wait while it is offline).</summary>
    public void Do(MpencDeviceSlot slot, DeviceInput input, string? message = null, bool forged = false)
    {
        DeviceStep step = MpencDevice.Step(slot.State, input, NowMs, slot.Random);
        slot.Commit(step.State);
        foreach (SessionEvent e in step.Events)
        {
            Record(slot.Name, e, input is SendCommand ? message : null, message, forged);
        }

        foreach (ChannelRequest request in step.Requests)
        {
            if (slot.Online)
            {
                Send(slot, request);
            }
            else
            {
                slot.Outbox.Add((request, message));
                Say($"    {slot.Name} is offline: its {RequestKind(request)} waits");
            }
        }
    }

    /// <summary>Every member's timers run (after <c>advance_clock</c>).</summary>
    public void Tick()
    {
        foreach (MpencDeviceSlot slot in Devices)
        {
            Do(slot, new TickInput());
        }
    }

    public override void Flush(MpencDeviceSlot slot)
    {
        (ChannelRequest Request, string? Label)[] waiting = [.. slot.Outbox];
        slot.Outbox.Clear();
        foreach ((ChannelRequest request, _) in waiting)
        {
            Send(slot, request);
        }
    }

    public override void Deliver(MpencFlight flight, string note = "")
    {
        InFlight.Remove(flight);
        History.Add(flight);
        if (!Has(flight.To))
        {
            return;
        }

        MpencDeviceSlot slot = Device(flight.To);
        Say($"  deliver {flight}{note}");
        Diagram.Add(new DiagramEvent(DiagramEventKind.Delivery, "channel", flight.To, flight.Kind + (flight.Label is null ? "" : " " + flight.Label) + note, ""));
        Do(slot, new ChannelInput(flight.Event), flight.Label, flight.Forged);
    }

    public override bool CarriesText(MpencFlight flight) => flight.Kind is MpencFlight.Group or MpencFlight.Greeting or MpencFlight.Ack;

    public override void Replay(MpencFlight original) => Inject(original, original.Event, " (replayed by the network)");

    /// <summary>A tampered copy: a bit of the packet's last record (<c>ciphertext</c>: a data packet's MESSAGE_PAYLOAD, a greeting's last record) or of its MESSAGE_SIGNATURE (<c>signature</c>).</summary>
    public override void Tamper(MpencFlight original, TamperStep step, SeededRandom random)
    {
        byte[] tlv = original.Event.Packet is { } p ? WirePacket.Unwrap(p) : throw new ScenarioFailure($"{original} carries no packet to tamper with");
        List<TlvRecord> records = [.. Tlv.Decode(tlv)];
        int index = step.Field == "signature" ? records.FindIndex(r => r.Type == (ushort)TlvType.MessageSignature) : records.Count - 1;
        byte[] value = (byte[])records[index].Value.Clone();
        if (value.Length == 0)
        {
            throw new ScenarioFailure($"{original}'s {step.Field} is empty: nothing to tamper with");
        }

        value[step.Byte is { } b ? b % value.Length : random.Next(value.Length)] ^= (byte)(1 << (step.Bit ?? 0));
        records[index] = records[index] with { Value = value };
        Inject(original, original.Event with { Packet = WirePacket.Wrap(Tlv.Encode(records)) }, $" (tampered: {step.Field})");
    }

    private void Inject(MpencFlight original, ChannelEvent e, string note) =>
        Deliver(new MpencFlight(++_sequence, original.To, original.From, original.Kind, original.Label, e) { Forged = true }, note);

    private void Send(MpencDeviceSlot slot, ChannelRequest request)
    {
        string? label = null;
        if (request is PostPacket post)
        {
            byte[] tlv = WirePacket.Unwrap(post.Packet);
            ScanForPlaintext(slot, tlv);
            string id = PacketId.Of(tlv);
            label = post.Greeting ? null : Ledger.NameById.GetValueOrDefault(id);
            if (label is not null)
            {
                Ledger.Packets[label] = (id, tlv);
            }
        }

        Diagram.Add(new DiagramEvent(DiagramEventKind.Request, slot.Name, "channel", RequestKind(request), ""));
        ChannelOutcome outcome = Server.Handle(slot.User, request);
        if (outcome.Refusal is { } refusal)
        {
            Ledger.Record(new RunError(slot.Name, Loading.ScenarioLoader.RequestRefusedCode, label, $"the channel refused {RequestKind(request)}: {MpencErrorCodes.Name(refusal)} ({outcome.Detail})"), Say);
            return;
        }

        foreach ((string to, ChannelEvent e) in outcome.Deliveries)
        {
            string kind = e.Kind != ChannelEventKind.Packet ? MpencFlight.Membership : e.ControlSeq is not null ? MpencFlight.Greeting : label is null ? MpencFlight.Ack : MpencFlight.Group;
            var flight = new MpencFlight(++_sequence, DeviceOf(to), DeviceOf(e.User), kind, label, e);
            flight.Held = HoldRules.Any(rule => Matches(rule, flight));
            if (label is not null && to != slot.User && Ledger.Sent.TryGetValue(label, out SentText? sent) && sent.Allowed.Contains(flight.To))
            {
                Ledger.Queued.Add((label, flight.To));
            }

            InFlight.Add(flight);
        }
    }

    private static string RequestKind(ChannelRequest request) => request switch
    {
        EnterChannel e => "enter " + e.Channel,
        PostPacket p => (p.Greeting ? "greeting to " : "packet to ") + p.Channel,
        LeaveChannel l => "leave " + l.Channel,
        KickFromChannel k => $"kick {string.Join(", ", k.Users)} from {k.Channel}",
        _ => request.GetType().Name,
    };

    /// <summary>The plaintext invariant: no text sent so far appears in a packet a member gives the channel (§3.6: everything is encrypted).</summary>
    private void ScanForPlaintext(MpencDeviceSlot slot, byte[] tlv)
    {
        foreach (SentText sent in Ledger.Sent.Values.Where(s => s.Text.Length >= MinScannedTextLength))
        {
            if (tlv.AsSpan().IndexOf(sent.Text) >= 0)
            {
                throw new ScenarioFailure($"invariant: {slot.Name} handed the channel the plaintext of {sent.Name}");
            }
        }
    }

    private void Record(string device, SessionEvent e, string? sending, string? message, bool forged)
    {
        switch (e)
        {
            case MessageSent s when sending is not null && s.Content:
                Ledger.NameById[s.Id] = sending;
                break;
            case MessageSent:
                break;
            case MessageDelivered d:
                Ledger.Read(device, Ledger.NameById.GetValueOrDefault(d.Id), Encoding.UTF8.GetBytes(d.Text), $"from {d.Author} in {d.SidHex[..8]}", Say);
                break;
            case OperationAccepted a:
                Say($"    {device} accepts {a.Initiator}'s proposal: {OperationKinds.Describe(a.Kind, a.Kind == OperationKind.Exclude ? a.Leaving : a.Joining)}{(a.Participant ? "" : " (observing)")}");
                break;
            case OperationCompleted c:
                Say($"    {device} is in subsession {c.SidHex[..8]} with {string.Join(", ", c.Members)} (group key {c.KeyFingerprint})");
                break;
            case ProposalRejected r:
                Event(device, "proposal_rejected", UserOf(device), $"{device}'s proposal ({r.Kind}) is rejected: {r.Why}");
                break;
            case OperationFailed f:
                Event(device, "operation_failed", UserOf(device), $"{device}: the {f.Kind} operation failed: {f.Why}");
                break;
            case ExcludedFromSession x:
                Event(device, "excluded", x.By, $"{device} is excluded by {x.By}");
                break;
            case SessionEnded ended:
                Say($"    {device}'s session ends: {ended.Why}");
                break;
            case ChannelLeft:
                Say($"    {device} is out of the channel");
                break;
            case SessionWarning w:
                foreach (string member in w.Members)
                {
                    Ledger.Events.Add((device, w.Kind, member));
                }

                Say($"    {device} warns: {w.Kind}: {NamedIds(w.Detail)}");
                break;
            case InputRefused r:
                Ledger.Record(new RunError(device, MpencErrorCodes.Name(r.Code), message, NamedIds(r.Detail), forged), Say);
                break;
            case SessionNote n:
                Say($"    {NamedIds(n.Text)}");
                break;
        }
    }

    /// <summary>A detail with the short ids of named texts followed by their names.</summary>
    private string NamedIds(string text)
    {
        foreach ((string id, string name) in Ledger.NameById)
        {
            text = text.Replace(id[..8], $"{id[..8]} ({name})", StringComparison.Ordinal);
        }

        return text;
    }

    private void Event(string device, string kind, string of, string line)
    {
        Ledger.Events.Add((device, kind, of));
        Say("    " + line);
    }
}

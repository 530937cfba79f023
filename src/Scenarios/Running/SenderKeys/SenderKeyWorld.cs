using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Relayed;
using E2eeConformance.Scenarios.Simulation;
using E2eeConformance.SenderKeys.Pairwise;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// The sender-key run's world: the relay (pure, <see cref="RelayServer"/>), the virtual clock, the devices, the
/// deliveries in flight and the ledger. A device's step commits its state first; its requests then go to the relay
/// (or wait in its outbox while it is offline), and the relay's deliveries go in flight in server order.
/// </summary>
internal sealed class SenderKeyWorld : RelayedWorld<SenderKeyFlight, SenderKeyDeviceSlot>
{
    private long _sequence;

    public SenderKeyWorld(ulong seed, SenderKeyPolicy policy, Action<string> say)
        : base(say)
    {
        Seed = seed;
        Policy = policy;
    }

    public ulong Seed { get; }

    public SenderKeyPolicy Policy { get; }

    public RelayServer Relay { get; private set; } = RelayServer.Empty;

    public SenderKeyLedger Ledger { get; } = new();

    /// <summary>The adversaries' state copies by name.</summary>
    public Dictionary<string, SenderKeyAdversary> Adversaries { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string ServerName => "relay";

    protected override RelayLedger SharedLedger => Ledger;

    /// <inheritdoc/>
    public override bool CarriesText(SenderKeyFlight flight) => flight.Kind is SenderKeyFlight.One2One or SenderKeyFlight.Group;

    /// <inheritdoc/>
    public override void Replay(SenderKeyFlight original) => Inject(original, original.Delivery, " (replayed by the network)");

    /// <inheritdoc/>
    public override void Tamper(SenderKeyFlight original, TamperStep step, SeededRandom random)
    {
        int bit = step.Bit ?? 0;
        RelayDelivery forged = original.Delivery switch
        {
            GroupDelivery g => g with { Message = Tampered(g.Message, step.Field, step.Byte, bit, random) },
            PairwiseDelivery p => p with { Message = Tampered(p.Message, step.Field, step.Byte, bit, random) },
            _ => throw new ScenarioFailure($"{original} carries no message to tamper with"),
        };
        Inject(original, forged, $" (tampered: {step.Field})");
    }

    public IEnumerable<SenderKeyDeviceSlot> DevicesOf(string user) => Devices.Where(d => d.User == user);

    /// <summary>A new device: its identity from its own stream, then its registration.</summary>
    public void AddDevice(string name)
    {
        RequireNew(name);
        var random = new LabelledStream(string.Create(CultureInfo.InvariantCulture, $"sender-keys/{Seed}/{name}"));
        var slot = new SenderKeyDeviceSlot(SenderKeyDeviceState.New(name, P256Identity.Generate(random)), random);
        AddSlot(slot);
        Say($"  {name} registers (public key {slot.State.Identity.PublicKey.ToHex()[..16]})");
        Send(slot, SenderKeyDevice.Register(slot.State));
    }

    /// <summary>
    /// One input to a device: the step runs, its state is committed, its events are recorded, then its requests leave
    /// (or wait while it is offline). <paramref name="message"/> names the application message the input concerns.
    /// </summary>
    public void Do(SenderKeyDeviceSlot slot, DeviceInput input, string? message = null, string? groupLabel = null, bool forged = false)
    {
        DeviceStep step = SenderKeyDevice.Step(slot.State, input, NowMs, slot.Random, Policy);
        slot.Commit(step.State);
        foreach (DeviceEvent e in step.Events)
        {
            Record(e, message, forged);
        }

        foreach (RelayRequest request in step.Requests)
        {
            if (request is GroupSendRequest g && groupLabel is not null)
            {
                Ledger.GroupNames[(g.Message.Group, g.Message.Sender, g.Message.KeyId, g.Message.Counter)] = groupLabel;
                Ledger.GroupMessages[groupLabel] = g.Message;
            }

            if (slot.Online)
            {
                Send(slot, request);
            }
            else
            {
                slot.Outbox.Add(request);
            }
        }
    }

    /// <summary>A device back online: what waited in its outbox leaves, in order.</summary>
    public override void Flush(SenderKeyDeviceSlot slot)
    {
        RelayRequest[] waiting = [.. slot.Outbox];
        slot.Outbox.Clear();
        foreach (RelayRequest request in waiting)
        {
            Send(slot, request);
        }
    }

    /// <summary>Hands a delivery to its device (and to an adversary observing it); a device that is gone takes nothing.</summary>
    public override void Deliver(SenderKeyFlight flight, string note = "")
    {
        InFlight.Remove(flight);
        History.Add(flight);
        if (!Has(flight.To))
        {
            return;
        }

        SenderKeyDeviceSlot slot = Device(flight.To);
        Say($"  deliver {flight}{note}");
        Diagram.Add(new DiagramEvent(DiagramEventKind.Delivery, "server", flight.To, flight.Kind + (flight.Label is null ? "" : " " + flight.Label) + note, ""));
        Do(slot, new Delivered(flight.Delivery), flight.Label, forged: flight.Forged);
        foreach (SenderKeyAdversary adversary in Adversaries.Values.Where(a => a.Observes && a.Device == flight.To))
        {
            adversary.Observe(flight.Delivery, NowMs, Policy);
        }
    }

    /// <summary>An adversary's copy (a replay or a tampered copy) of <paramref name="original"/> carrying <paramref name="delivery"/>: to the device at once, not in the server's order.</summary>
    public void Inject(SenderKeyFlight original, RelayDelivery delivery, string note) =>
        Deliver(new SenderKeyFlight(++_sequence, original.To, original.From, original.Kind, original.Label, delivery) { Forged = true }, note);

    /// <summary>The name of the text an event of a device (or of an adversary's copy of it) read, or null.</summary>
    public string? NameOfRead(DeviceEvent e) => e switch
    {
        TextReceived t => Ledger.NameOf(t.From, t.Device, t.Counter),
        GroupTextReceived g => Ledger.GroupNames.GetValueOrDefault((g.Group, g.From, g.KeyId, g.Counter)),
        _ => null,
    };

    /// <summary>The devices a text to <paramref name="to"/> (a user or <c>group:NAME</c>) from <paramref name="from"/> is meant for, as the relay knows them now.</summary>
    public IReadOnlySet<string> RecipientsOf(string from, string to)
    {
        string user = RelayServer.UserOf(from);
        IEnumerable<string> devices = to.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal)
            ? Relay.Groups.TryGetValue(to[SendStep.GroupPrefix.Length..], out RelayGroup? g) ? g.Users.SelectMany(Relay.DevicesOf).Select(d => d.Device) : []
            : Relay.DevicesOf(to).Concat(Relay.DevicesOf(user)).Select(d => d.Device);
        return devices.Where(d => d != from).ToHashSet(StringComparer.Ordinal);
    }

    private void Send(SenderKeyDeviceSlot slot, RelayRequest request)
    {
        ScanForPlaintext(request);
        Diagram.Add(new DiagramEvent(DiagramEventKind.Request, slot.Name, "server", RequestKind(request), ""));
        (RelayServer relay, IReadOnlyList<RelayDelivery> deliveries) = Relay.Handle(request, NowMs);
        Relay = relay;
        if (request is GroupSendRequest g && deliveries.All(d => d is GroupDelivery))
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"  {slot.Name} sealed {Ledger.NameOf(g.Message) ?? "a group text"} once under sender key {g.Message.KeyId} #{g.Message.Counter}; the relay fans it out to {deliveries.Count} device(s)"));
        }

        foreach (RelayDelivery delivery in deliveries)
        {
            (string kind, string from, string? label) = Describe(delivery);
            var flight = new SenderKeyFlight(++_sequence, delivery.To, from, kind, label, delivery);
            flight.Held = HoldRules.Any(rule => Matches(rule, flight));
            if (label is not null)
            {
                Ledger.Queued.Add((label, delivery.To));
            }

            InFlight.Add(flight);
        }
    }

    private (string Kind, string From, string? Label) Describe(RelayDelivery delivery) => delivery switch
    {
        PairwiseDelivery p when Ledger.NameOf(p.Message.Sender, p.Message.Recipient, p.Message.Counter) is { } name => (SenderKeyFlight.One2One, p.Message.Sender, name),
        PairwiseDelivery p => (SenderKeyFlight.SenderKey, p.Message.Sender, null),
        GroupDelivery g => (SenderKeyFlight.Group, g.Message.Sender, Ledger.NameOf(g.Message)),
        MembershipNotice => (SenderKeyFlight.Membership, "server", null),
        DiscoveryAnswer => (SenderKeyFlight.Discovery, "server", null),
        _ => (SenderKeyFlight.Refusal, "server", null),
    };

    private static string RequestKind(RelayRequest request) => request switch
    {
        RegisterRequest => "register",
        DiscoverRequest d => "discover " + d.User,
        PairwiseRequest => "pairwise",
        GroupSendRequest g => "group_send " + g.Message.Group,
        CreateGroupRequest c => "create_group " + c.Group,
        AddMembersRequest a => "add_members " + a.Group,
        RemoveMembersRequest r => "remove_members " + r.Group,
        LeaveRequest l => "leave " + l.Group,
        _ => request.GetType().Name,
    };

    /// <summary>The plaintext scan invariant: no text a device sent appears in what it gives the relay.</summary>
    private void ScanForPlaintext(RelayRequest request)
    {
        byte[]? sealedBytes = request switch
        {
            PairwiseRequest p => p.Message.Sealed,
            GroupSendRequest g => g.Message.Sealed,
            _ => null,
        };
        if (sealedBytes is null)
        {
            return;
        }

        foreach (SentText sent in Ledger.Sent.Values.Where(s => s.Text.Length >= MinScannedTextLength))
        {
            if (sealedBytes.AsSpan().IndexOf(sent.Text) >= 0)
            {
                throw new ScenarioFailure($"invariant: the relay was given the plaintext of {sent.Name} by {request.From}");
            }
        }
    }

    private void Record(DeviceEvent e, string? message, bool forged)
    {
        switch (e)
        {
            case TextSent t when t.Tag.Length > 0:
                Ledger.PairwiseNames[(t.Device, t.Recipient, t.Counter)] = t.Tag;
                break;
            case TextReceived t:
                Read(t.Device, NameOfRead(t), t.Text, $"from {t.From}");
                break;
            case GroupTextReceived g:
                Read(g.Device, NameOfRead(g), g.Text, string.Create(CultureInfo.InvariantCulture, $"in {g.Group} from {g.From}, key {g.KeyId} #{g.Counter}"));
                break;
            case GroupTextHeld h:
                Say(string.Create(CultureInfo.InvariantCulture, $"    {h.Device} holds a message of {h.From} in {h.Group} under key {h.KeyId} #{h.Counter} until the key arrives"));
                break;
            case SenderKeyReceived k:
                Say(string.Create(CultureInfo.InvariantCulture, $"    {k.Device} has sender key {k.KeyId} of {k.From} in {k.Group}"));
                break;
            case SenderKeyRotated r:
                Say(string.Create(CultureInfo.InvariantCulture, $"    {r.Device} sender key {r.KeyId} in {r.Group} ({r.Reason})"));
                break;
            case GroupLeft l:
                Say($"    {l.Device} is out of {l.Group}: its keys of it are gone");
                break;
            case InputRefused r:
                Error(new RunError(r.Device, r.Code, r.Tag.Length > 0 ? r.Tag : message, r.Detail, forged));
                break;
            case GroupTextRefused r:
                Error(new RunError(r.Device, r.Code, Ledger.GroupNames.GetValueOrDefault((r.Group, r.From, r.KeyId, r.Counter)), r.Detail, forged));
                break;
            case RelayRefused r:
                Error(new RunError(r.Device, Loading.ScenarioLoader.RequestRefusedCode, message, $"the relay refused {r.Request}: {r.Code}", forged));
                break;
        }
    }

    // The byte of a field, as in every family: the one given, else one drawn from the seed (sequence: the 8 bytes of the
    // 64-bit counter, key_id: the 4 of the 32-bit id, least significant first; from: a character of the name).
    private static GroupMessage Tampered(GroupMessage m, string field, int? at, int bit, SeededRandom random) => field switch
    {
        "ciphertext" => m with { Sealed = Flip(m.Sealed, at, bit, random) },
        "sequence" => m with { Counter = m.Counter ^ (1UL << ((Byte(at, 8, random) * 8) + bit)) },
        "key_id" => m with { KeyId = m.KeyId ^ (1U << ((Byte(at, 4, random) * 8) + bit)) },
        _ => m with { Sender = FlipText(m.Sender, Byte(at, m.Sender.Length, random)) },
    };

    private static PairwiseMessage Tampered(PairwiseMessage m, string field, int? at, int bit, SeededRandom random) => field switch
    {
        "ciphertext" => m with { Sealed = Flip(m.Sealed, at, bit, random) },
        "sequence" => m with { Counter = m.Counter ^ (1UL << ((Byte(at, 8, random) * 8) + bit)) },
        "key_id" => m with { KeyId = m.KeyId ^ (1U << ((Byte(at, 4, random) * 8) + bit)) },
        _ => m with { Sender = FlipText(m.Sender, Byte(at, m.Sender.Length, random)) },
    };

    private static int Byte(int? at, int length, SeededRandom random) => at is { } a ? a % length : random.Next(length);

    private static byte[] Flip(byte[] bytes, int? at, int bit, SeededRandom random)
    {
        byte[] copy = [.. bytes];
        int index = at is { } a ? a % copy.Length : random.Next(copy.Length);
        copy[index] ^= (byte)(1 << bit);
        return copy;
    }

    private static string FlipText(string text, int index)
    {
        char[] chars = text.ToCharArray();
        chars[index] = chars[index] == 'x' ? 'y' : 'x';
        return new string(chars);
    }

    private void Read(string device, string? name, byte[] text, string how) => Ledger.Read(device, name, text, how, Say);

    private void Error(RunError error) => Ledger.Record(error, Say);
}

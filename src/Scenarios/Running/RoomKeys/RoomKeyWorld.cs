using System.Collections.Concurrent;
using System.Globalization;
using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Wire;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Relayed;
using E2eeConformance.Scenarios.Simulation;
using Google.Protobuf;

namespace E2eeConformance.Scenarios.Running.RoomKeys;

/// <summary>
/// The room-key run's world: the server (<see cref="RoomServer"/>), the virtual clock, the devices, the notifications in
/// flight and the ledger. A device's step commits its state first; its requests then go to the server (or wait in its
/// outbox while it is offline), and the server's notifications go in flight in server order.
/// </summary>
internal sealed class RoomKeyWorld : RelayedWorld<RoomKeyFlight, RoomKeyDeviceSlot>
{
    /// <summary>
    /// RK-18: a user's RSA key pair depends on its name and size only (not on the seed), and is made once per process —
    /// RSA generation costs far more than anything else in a run. Room keys, OAEP seeds and nonces come from the run's
    /// seeded streams.
    /// </summary>
    private static readonly ConcurrentDictionary<(string User, int Bits), Lazy<RsaIdentity>> KeyPairs = new();

    private long _sequence;

    public RoomKeyWorld(ulong seed, RoomServerPolicy policy, int rsaBits, Action<string> say)
        : base(say)
    {
        Seed = seed;
        RsaBits = rsaBits;
        Server = new RoomServer(policy);
    }

    public ulong Seed { get; }

    public int RsaBits { get; }

    public RoomServer Server { get; }

    public RoomKeyLedger Ledger { get; } = new();

    public override string ServerName => "server";

    /// <summary>The adversaries' state copies by name.</summary>
    public Dictionary<string, RoomKeyAdversary> Adversaries { get; } = new(StringComparer.Ordinal);

    protected override RelayLedger SharedLedger => Ledger;

    /// <summary>The device name of a user (one device per user, RK-6).</summary>
    public static string DeviceOf(string user) => user + "/1";

    /// <summary>The user of a device name.</summary>
    public static string UserOf(string device) => device.Split('/')[0];

    /// <summary>A new user's device: its RSA key pair (RK-18), then its registration.</summary>
    public void AddDevice(string user)
    {
        string name = DeviceOf(user);
        RequireNew(name);
        RsaIdentity identity = KeyPairs.GetOrAdd((user, RsaBits), key => new Lazy<RsaIdentity>(() => RsaIdentity.Generate(new RoomKeyRandom($"room-keys/rsa/{key.User}"), key.Bits))).Value;
        var slot = new RoomKeyDeviceSlot(name, RoomDeviceState.New(user, identity), new RoomKeyRandom(string.Create(CultureInfo.InvariantCulture, $"room-keys/{Seed}/{name}")));
        AddSlot(slot);
        Say(string.Create(CultureInfo.InvariantCulture, $"  {name} registers (RSA-{identity.PublicKey.Bits}, modulus {Convert.ToHexStringLower(identity.PublicKey.Modulus)[..16]}...)"));
        Send(slot, RoomKeyDevice.Register(slot.State));
    }

    /// <summary>One input to a device: the step runs, its state is committed, its events are recorded, then its requests leave (or wait while it is offline).</summary>
    public void Do(RoomKeyDeviceSlot slot, DeviceInput input, string? message = null, bool forged = false)
    {
        DeviceStep step = RoomKeyDevice.Step(slot.State, input, NowMs, slot.Random);
        slot.Commit(step.State);
        foreach (DeviceEvent e in step.Events)
        {
            Record(slot.Name, e, message, forged);
        }

        foreach (ServerRequest request in step.Requests)
        {
            if (slot.Online)
            {
                Send(slot, request, message);
            }
            else
            {
                slot.Outbox.Add((request, message));
                Say($"    {slot.Name} is offline: its {RequestKind(request)} waits");
            }
        }
    }

    /// <summary>A device back online: what waited in its outbox leaves, in order.</summary>
    public override void Flush(RoomKeyDeviceSlot slot)
    {
        (ServerRequest Request, string? Label)[] waiting = [.. slot.Outbox];
        slot.Outbox.Clear();
        foreach ((ServerRequest request, string? label) in waiting)
        {
            Send(slot, request, label);
        }
    }

    /// <summary>Hands a notification to its device (and to an adversary observing it); a device that is gone takes nothing.</summary>
    public override void Deliver(RoomKeyFlight flight, string note = "")
    {
        InFlight.Remove(flight);
        History.Add(flight);
        if (!Has(flight.To))
        {
            return;
        }

        RoomKeyDeviceSlot slot = Device(flight.To);
        Say($"  deliver {flight}{note}");
        Diagram.Add(new DiagramEvent(DiagramEventKind.Delivery, "server", flight.To, flight.Kind + (flight.Label is null ? "" : " " + flight.Label) + note, ""));
        Do(slot, new Delivered(flight.Notification), flight.Label, flight.Forged);
        foreach (RoomKeyAdversary adversary in Adversaries.Values.Where(a => a.Observes && a.Device == flight.To))
        {
            adversary.Observe(flight.Notification, NowMs);
        }
    }

    public override bool CarriesText(RoomKeyFlight flight) => flight.Kind == RoomKeyFlight.Group;

    public override void Replay(RoomKeyFlight original) => Inject(original, original.Notification, " (replayed by the network)");

    /// <summary>A tampered copy: a bit of the body (<c>ciphertext</c>), a character of the sender (<c>from</c>) or a bit of the generation (<c>key_id</c>).</summary>
    public override void Tamper(RoomKeyFlight original, TamperStep step, SeededRandom random)
    {
        ServerNotification forged = original.Notification.Clone();
        RoomMessage m = forged.Message.Message;
        int bit = step.Bit ?? 0;
        switch (step.Field)
        {
            case "ciphertext":
                byte[] body = m.Body.ToByteArray();
                if (body.Length == 0)
                {
                    throw new ScenarioFailure($"{original} has an empty body: nothing to tamper with");
                }

                body[step.Byte is { } b ? b % body.Length : random.Next(body.Length)] ^= (byte)(1 << bit);
                m.Body = ByteString.CopyFrom(body);
                break;
            case "key_id":
                m.Generation ^= 1u << (((step.Byte is { } k ? k % 4 : random.Next(4)) * 8) + bit);
                break;
            default:
                char[] sender = m.Sender.ToCharArray();
                int at = step.Byte is { } s ? s % sender.Length : random.Next(sender.Length);
                sender[at] = sender[at] == 'x' ? 'y' : 'x';
                m.Sender = new string(sender);
                break;
        }

        Inject(original, forged, $" (tampered: {step.Field})");
    }

    /// <summary>The name of the text a read event of a device (or of an adversary's copy) carries, or null.</summary>
    public string? NameOfRead(TextReceived t) => t.Encrypted
        ? Ledger.NameOf(t.Room, t.From, t.Generation, t.Nonce)
        : Ledger.ClearNames.GetValueOrDefault((t.Room, t.From, t.ServerSequence));

    /// <summary>The devices a text to a room from <paramref name="from"/> is meant for, as the server knows the room now.</summary>
    public IReadOnlySet<string> RecipientsOf(string from, string room) =>
        (Server.Sessions.TryGetValue(room, out RoomSession? s) ? s.Members : []).Where(u => u != UserOf(from)).Select(DeviceOf).ToHashSet(StringComparer.Ordinal);

    private void Inject(RoomKeyFlight original, ServerNotification notification, string note) =>
        Deliver(new RoomKeyFlight(++_sequence, original.To, original.From, original.Kind, original.Label, notification) { Forged = true }, note);

    private void Send(RoomKeyDeviceSlot slot, ServerRequest request, string? label = null)
    {
        ScanForSecrets(slot, request);
        Diagram.Add(new DiagramEvent(DiagramEventKind.Request, slot.Name, "server", RequestKind(request), ""));
        IReadOnlyList<ServerNotification> notifications = Server.Handle(request, NowMs);
        if (request.RequestCase == ServerRequest.RequestOneofCase.SendMessage && label is not null)
        {
            Name(request.SendMessage.Message, notifications, label);
        }

        foreach (ServerNotification n in notifications)
        {
            if (n.NotificationCase == ServerNotification.NotificationOneofCase.ReceiveRoomKey)
            {
                Ledger.RelayedKeys.Add((n.ReceiveRoomKey.SessionId, n.ReceiveRoomKey.Generation, n.ReceiveRoomKey.RoomKey.ToByteArray()));
            }
            else if (n.NotificationCase == ServerNotification.NotificationOneofCase.AllowUserJoinSession)
            {
                Ledger.RelayedKeys.Add((n.AllowUserJoinSession.SessionId, n.AllowUserJoinSession.Generation, n.AllowUserJoinSession.RoomKey.ToByteArray()));
            }

            string kind = RoomKeyFlight.KindOf(n);
            string? name = kind == RoomKeyFlight.Group ? NameOf(n.Message) : null;
            string from = n.NotificationCase switch
            {
                ServerNotification.NotificationOneofCase.Message => DeviceOf(n.Message.Message.Sender),
                ServerNotification.NotificationOneofCase.ReceiveRoomKey => DeviceOf(n.ReceiveRoomKey.From),
                ServerNotification.NotificationOneofCase.AllowUserJoinSession => DeviceOf(n.AllowUserJoinSession.By),
                _ => "server",
            };
            var flight = new RoomKeyFlight(++_sequence, DeviceOf(n.To), from, kind, name, n);
            flight.Held = HoldRules.Any(rule => Matches(rule, flight));
            if (name is not null)
            {
                Ledger.Queued.Add((name, flight.To));
            }

            InFlight.Add(flight);
        }
    }

    private void Name(RoomMessage m, IReadOnlyList<ServerNotification> notifications, string label)
    {
        Ledger.Messages[label] = m;
        if (m.Encrypted && m.Body.Length >= RoomMessageCipher.NonceLength)
        {
            Ledger.EncryptedNames[(m.SessionId, m.Sender, m.Generation, Convert.ToHexStringLower(m.Body.Span[..RoomMessageCipher.NonceLength]))] = label;
        }

        foreach (ServerNotification n in notifications.Where(n => n.NotificationCase == ServerNotification.NotificationOneofCase.Message))
        {
            Ledger.ClearNames[(m.SessionId, m.Sender, n.Message.ServerSequence)] = label;
        }

        if (notifications.Any(n => n.NotificationCase == ServerNotification.NotificationOneofCase.Message))
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"  the server fans {label} out to {notifications.Count(n => n.NotificationCase == ServerNotification.NotificationOneofCase.Message)} member(s){(m.Encrypted ? $", sealed once under room key {m.Generation}" : ", in the clear")}"));
        }
    }

    private string? NameOf(MessageNotification n) => n.Message is not { } m ? null
        : m.Encrypted && m.Body.Length >= RoomMessageCipher.NonceLength ? Ledger.NameOf(m.SessionId, m.Sender, m.Generation, m.Body.Span[..RoomMessageCipher.NonceLength])
        : Ledger.ClearNames.GetValueOrDefault((m.SessionId, m.Sender, n.ServerSequence));

    private static string RequestKind(ServerRequest request) => request.RequestCase switch
    {
        ServerRequest.RequestOneofCase.SendMessage => "send_message " + request.SendMessage.Message?.SessionId,
        ServerRequest.RequestOneofCase.NewSession => "new_session " + request.NewSession.SessionId,
        ServerRequest.RequestOneofCase.SendRoomKey => $"send_room_key {request.SendRoomKey.SessionId} to {request.SendRoomKey.User}",
        ServerRequest.RequestOneofCase.AllowUserJoinSession => $"allow_user_join_session {request.AllowUserJoinSession.SessionId} for {request.AllowUserJoinSession.User}",
        ServerRequest.RequestOneofCase.InviteUserToSession => $"invite_user_to_session {request.InviteUserToSession.SessionId} for {request.InviteUserToSession.User}",
        ServerRequest.RequestOneofCase.E2EeizeSession => "e2eeize_session " + request.E2EeizeSession.SessionId,
        ServerRequest.RequestOneofCase.Dee2EeizeSession => "dee2eeize_session " + request.Dee2EeizeSession.SessionId,
        _ => request.RequestCase.ToString(),
    };

    /// <summary>
    /// The secret scan invariant: no room key of the sending device, and no text sent encrypted, appears in anything the
    /// device gives the server (a text its sender chose to send in the clear is the user's choice).
    /// </summary>
    private void ScanForSecrets(RoomKeyDeviceSlot slot, ServerRequest request)
    {
        byte[] bytes = request.ToByteArray();
        foreach (RoomKey key in slot.State.Rooms.Values.SelectMany(v => v.Keys.Values))
        {
            if (key.AppearsIn(bytes))
            {
                throw new ScenarioFailure($"invariant: {slot.Name} handed the server a room key in the clear ({RequestKind(request)})");
            }
        }

        if (request.RequestCase != ServerRequest.RequestOneofCase.SendMessage || !request.SendMessage.Message.Encrypted)
        {
            return;
        }

        foreach (SentText sent in Ledger.Sent.Values.Where(s => s.Text.Length >= MinScannedTextLength && s.From == slot.Name))
        {
            if (bytes.AsSpan().IndexOf(sent.Text) >= 0)
            {
                throw new ScenarioFailure($"invariant: the server was given the plaintext of {sent.Name} by {slot.Name}");
            }
        }
    }

    private void Record(string device, DeviceEvent e, string? message, bool forged)
    {
        switch (e)
        {
            case TextReceived t when forged && !t.Encrypted && !IsSent(NameOfRead(t), t.Text):
                // A text in the clear has no integrity (seed 002: the sender chose not to encrypt): the device reads an
                // adversary's altered copy as it is; that is the design's exposure, not a failure of the device.
                Say($"    {device} reads an altered copy in the clear in {t.Room}, \"from {t.From}\": nothing protects a text sent in the clear");
                break;
            case TextReceived t:
                Ledger.Read(device, NameOfRead(t), t.Text, t.Encrypted ? string.Create(CultureInfo.InvariantCulture, $"in {t.Room} from {t.From}, room key {t.Generation}") : $"in {t.Room} from {t.From}, in the clear", Say);
                break;
            case PlaintextInE2eeRoom p:
                Event(device, "plaintext_in_e2ee_group", p.From, $"{device} is told: a text of {p.From} came in the clear in the end-to-end encrypted {p.Room}");
                break;
            case JoinRequested j:
                Event(device, "join_requested", j.Joiner, $"{device} is asked to admit {j.Joiner} to {j.Room}");
                break;
            case RoomKeyReplaced r:
                Event(device, "room_key_replaced", UserOf(device), string.Create(CultureInfo.InvariantCulture, $"{device} replaces the room key of {r.Room}: generation {r.Generation}"));
                break;
            case E2eeChanged c:
                Event(device, "e2ee_changed", c.By, $"{device} is told: {c.By} switched end-to-end encryption of {c.Room} {(c.On ? "on" : "off")}");
                break;
            case ReplacementSuperseded r:
                Say(string.Create(CultureInfo.InvariantCulture, $"    {device} ignores the replacement to room key {r.Generation} of {r.Room}: it holds the newer {r.Newest}"));
                break;
            case RoomKeyReceived k:
                Say(string.Create(CultureInfo.InvariantCulture, $"    {device} has room key {k.Generation} of {k.Room} from {k.From}"));
                break;
            case JoinedRoom j:
                Say(string.Create(CultureInfo.InvariantCulture, $"    {device} is in {j.Room} (by {j.By}{(j.Generation > 0 ? $", room key {j.Generation}" : "")}{(j.E2eeOn ? "" : ", in the clear")})"));
                break;
            case MessageHeld h:
                Say(string.Create(CultureInfo.InvariantCulture, $"    {device} holds a text of {h.From} in {h.Room} under room key {h.Generation} until the key arrives"));
                break;
            case LeftRoom l:
                Say($"    {device} is out of {l.Room}: its room keys of it are gone");
                break;
            case RoomCreated c:
                Say(string.Create(CultureInfo.InvariantCulture, $"    {device} created {c.Room}{(c.E2eeOn ? $" with room key {c.Generation}" : ", in the clear")}"));
                break;
            case InputRefused r:
                Ledger.Record(new RunError(device, r.Code, message, r.Detail, forged), Say);
                break;
            case ServerRefused r:
                Ledger.Record(new RunError(device, Loading.ScenarioLoader.RequestRefusedCode, message, $"the server refused {r.Request} in {r.Room}: {r.Code}", forged), Say);
                break;
        }
    }

    private bool IsSent(string? name, byte[] text) => name is not null && Ledger.Sent.TryGetValue(name, out SentText? sent) && sent.Text.AsSpan().SequenceEqual(text);

    private void Event(string device, string kind, string of, string line)
    {
        Ledger.Events.Add((device, kind, of));
        Say("    " + line);
    }
}

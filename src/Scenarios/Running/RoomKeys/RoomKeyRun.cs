using System.Globalization;
using System.Text;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.Scenarios.Running.Relayed;

namespace E2eeConformance.Scenarios.Running.RoomKeys;

/// <summary>
/// One run of a scenario on the room-key family (seed 002): devices of <c>E2eeConformance.RoomKeys</c> and its server,
/// a virtual clock and a simulated network, driven step by step. Deterministic: each device draws from its own stream
/// labelled by the seed and its name (its RSA key pair from its name, RK-18), time is virtual, the server order is a
/// counter. Its result has the same shape as every family's: transcript, diagram, outcome and the failing step.
/// </summary>
internal sealed class RoomKeyRun : RelayedRun
{
    /// <summary>The RSA key size of a run that names none (RK-18: 2048 bits for speed; the family's default is 3072).</summary>
    public const int DefaultRsaBits = 2048;

    private readonly RoomKeyWorld _world;
    private readonly FlightNetwork<RoomKeyFlight> _network;
    private readonly RoomKeyChecks _checks;

    public RoomKeyRun(Scenario scenario, ulong seed)
        : base(scenario, seed)
    {
        RoomServerPolicy policy = scenario.RoomKeys?.ReplaceAfter is { } after ? new RoomServerPolicy((long)after.TotalMilliseconds) : RoomServerPolicy.Default;
        _world = new RoomKeyWorld(seed, policy, scenario.RoomKeys?.RsaBits ?? DefaultRsaBits, Transcript.Add) { MatchesRule = (s, f) => Matches(s, f, RoomKeyWorld.UserOf), Expand = X };
        _network = new FlightNetwork<RoomKeyFlight>(_world, "room-keys", seed, Parties);
        _checks = new RoomKeyChecks(_world, Parties, Bindings);
    }

    protected override string Suite => Families.RoomKeysFamily.Rsa;

    protected override string Header => string.Create(CultureInfo.InvariantCulture, $"protocol room-keys, seed {Seed}, RSA-{_world.RsaBits}");

    protected override IRelayedWorld World => _world;

    protected override void RunFamilyStep(Step step)
    {
        switch (step)
        {
            case RegisterStep s: RegisterOneDeviceEach(s, _world.AddDevice); break;
            case AddUserStep s: AddUserWithOneDevice(s, _world.AddDevice); break;
            case RestartStep s: Restart(Device(s.Device)); break;
            case OfflineStep s: Each(s.Device, d => d.Online = false); break;
            case OnlineStep s: Each(s.Device, d => { d.Online = true; _world.Flush(d); }); break;
            case CompromiseStep s: Compromise(s); break;
            case SendStep s: Send(s); break;
            case CreateGroupStep s: CreateGroup(s); break;
            case AddMembersStep s: Each(s.Users, u => _world.Do(Device(s.By), new Invite(X(s.Group), u))); break;
            case RemoveMembersStep s: Each(s.Users, u => _world.Do(Device(s.By), new RemoveMember(X(s.Group), u))); break;
            case LeaveStep s: _world.Do(Device(s.Who), new LeaveRoom(X(s.Group))); break;
            case RequestJoinStep s: _world.Do(Device(s.Who), new RequestJoin(X(s.Group))); break;
            case ApproveJoinStep s: _world.Do(Device(s.By), new ApproveJoin(X(s.Group), X(s.Who))); break;
            case SetE2eeStep s: _world.Do(Device(s.By), new SetE2ee(X(s.Group), s.On)); break;
            case ServerStep s: Server(s.Action); break;
            case ExpectStep s: _checks.Check(s); break;
            default: _network.Run(step); break;
        }
    }

    protected override void End()
    {
        _network.Heal();
        _checks.CheckEnd();
    }

    protected override IEnumerable<string> DevicesOf(string user) => _world.Has(RoomKeyWorld.DeviceOf(user)) ? [RoomKeyWorld.DeviceOf(user)] : [];

    private void Restart(RoomKeyDeviceSlot device)
    {
        device.Restart();
        Say($"  {device.Name} restarts from its store");
    }

    /// <summary>A room with members: the creator's NewSessionRequest, then an invitation to each other member (the seed has no other way in).</summary>
    private void CreateGroup(CreateGroupStep step)
    {
        RoomKeyDeviceSlot creator = Device(step.By);
        string room = X(step.Name);
        _world.Do(creator, new CreateRoom(room, step.E2ee ?? true));
        IEnumerable<string> members = step.Members.Contains("all", StringComparer.Ordinal) ? UserOrder : step.Members.Select(X);
        foreach (string member in members.Where(m => m != creator.User).Distinct(StringComparer.Ordinal))
        {
            _world.Do(creator, new Invite(room, member));
        }
    }

    private void Server(ServerAction action)
    {
        switch (action)
        {
            case SubstituteBundleAction a:
                _world.Server.Substitutions[RoomKeyWorld.UserOf(X(a.Of))] = RoomKeyWorld.UserOf(X(a.With));
                Say($"  the server now hands out {X(a.With)}'s public key as {X(a.Of)}'s");
                break;
            default:
                _world.Server.Substitutions.Clear();
                Say("  the server is honest again");
                break;
        }
    }

    private void Compromise(CompromiseStep step)
    {
        RoomKeyDeviceSlot device = Device(step.Device);
        string name = X(step.As);
        var random = new RoomKeyRandom(string.Create(CultureInfo.InvariantCulture, $"room-keys/{Seed}/adversary/{name}"));
        _world.Adversaries[name] = new RoomKeyAdversary(device.Name, DeviceStateCodec.Decode(device.Stored), step.Observes, random, _world.NameOfRead);
        Say($"  adversary {name} copies the stored state of {device.Name}{(step.Observes ? " and observes its traffic" : "")}");
    }

    private void Send(SendStep step)
    {
        RoomKeyDeviceSlot from = Device(step.From);
        string name = X(step.As);
        string to = X(step.To);
        string room = to[SendStep.GroupPrefix.Length..];
        byte[] text = step.Text is { } t ? Encoding.UTF8.GetBytes(X(t)) : SendSteps.Filler(name, step.Size ?? 0);
        _world.Ledger.Sent[name] = new SentText(name, from.Name, to, text, _world.RecipientsOf(from.Name, room));
        _world.Do(from, new SendRoomText(room, text, step.Encrypt, name), name);
    }

    private void Each(IReadOnlyList<string> users, Action<string> action)
    {
        foreach (string user in users.Select(X))
        {
            action(user);
        }
    }

    private void Each(string party, Action<RoomKeyDeviceSlot> action)
    {
        foreach (string device in Parties(party))
        {
            action(_world.Device(device));
        }
    }

    private RoomKeyDeviceSlot Device(string name) => _world.Device(FirstDevice(name));
}

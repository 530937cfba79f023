using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using E2eeConformance.Mpenc.Device;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.Scenarios.Running.Relayed;

namespace E2eeConformance.Scenarios.Running.Mpenc;

/// <summary>
/// One run of a scenario on the mpENC family (seed 003): members of <c>E2eeConformance.Mpenc</c> around its channel
/// server, a virtual clock and a simulated network, step by step. A group is a channel: <c>create_group</c> has every
/// member enter it and the creator propose the initial agreement; <c>add_members</c> has the new users enter and the
/// member propose their inclusion; <c>remove_members</c> proposes an exclusion; <c>leave</c> parts the session (the
/// others exclude the member); <c>advance_clock</c> runs every member's liveness timers. Deterministic: each member
/// draws from its own stream labelled by the seed and its name.
/// </summary>
internal sealed class MpencRun : RelayedRun
{
    private readonly MpencWorld _world;
    private readonly FlightNetwork<MpencFlight> _network;
    private readonly MpencChecks _checks;

    public MpencRun(Scenario scenario, ulong seed)
        : base(scenario, seed)
    {
        _world = new MpencWorld(seed, Transcript.Add);
        _world.MatchesRule = (s, f) => Matches(s, f, MpencWorld.UserOf);
        _world.Expand = X;
        _network = new FlightNetwork<MpencFlight>(_world, "mpenc", seed, Parties);
        _checks = new MpencChecks(_world, Parties, Bindings);
    }

    protected override string Suite => Families.MpencFamily.X25519;

    protected override string Header => string.Create(CultureInfo.InvariantCulture, $"protocol mpenc, seed {Seed}, x25519 CLIQUES + Ed25519 ASKE, AES-128-CTR");

    protected override IRelayedWorld World => _world;

    protected override void RunFamilyStep(Step step)
    {
        switch (step)
        {
            case RegisterStep s: RegisterOneDeviceEach(s, _world.AddDevice); break;
            case AddUserStep s: AddUserWithOneDevice(s, _world.AddDevice); break;
            case OfflineStep s: Each(s.Device, d => d.Online = false); break;
            case OnlineStep s: Each(s.Device, d => { d.Online = true; _world.Flush(d); }); break;
            case CompromiseStep s: Compromise(s); break;
            case SendStep s: Send(s); break;
            case CreateGroupStep s: CreateGroup(s); break;
            case AddMembersStep s: AddMembers(s); break;
            case RemoveMembersStep s: _world.Do(Device(s.By), new ExcludeCommand(X(s.Group), [.. s.Users.Select(X)])); break;
            case RefreshKeyStep s: _world.Do(Device(s.By), new RefreshCommand(X(s.Group))); break;
            case LeaveStep s: _world.Do(Device(s.Who), new PartCommand(X(s.Group))); break;
            case ReplayStep { Pick: { } pick } s: _world.Replay(Picked(pick, s.To)); break;
            case TamperStep { Pick: { } pick } s: _world.Tamper(Picked(pick, s.To), s, new Simulation.SeededRandom(Seed ^ (ulong)StepNumber)); break;
            case ExpectStep s: _checks.Check(s); break;
            default: _network.Run(step); break;
        }
    }

    protected override void ClockAdvanced() => _world.Tick();

    protected override void End()
    {
        _network.Heal();
        _checks.CheckEnd();
    }

    protected override IEnumerable<string> DevicesOf(string user) => _world.Has(MpencWorld.DeviceOf(user)) ? [MpencWorld.DeviceOf(user)] : [];

    /// <summary>A group is a channel: every member enters it, then the creator proposes the initial agreement (§5.2.1 IKA) once they are all there.</summary>
    private void CreateGroup(CreateGroupStep step)
    {
        MpencDeviceSlot creator = Device(step.By);
        string group = X(step.Name);
        List<string> members = [.. (step.Members.Contains("all", StringComparer.Ordinal) ? UserOrder : step.Members.Select(X)).Where(m => m != creator.User).Distinct(StringComparer.Ordinal)];
        _world.Do(creator, new EnterCommand(group));
        foreach (string member in members)
        {
            _world.Do(Device(member), new EnterCommand(group));
        }

        _world.Do(creator, new StartCommand(group, members));
    }

    /// <summary>The new users enter the channel, then the member proposes their inclusion (§5.2.1, §5.2.2; §3.3: targets must be in the channel).</summary>
    private void AddMembers(AddMembersStep step)
    {
        string group = X(step.Group);
        List<string> users = [.. step.Users.Select(X)];
        foreach (string user in users)
        {
            _world.Do(Device(user), new EnterCommand(group));
        }

        _world.Do(Device(step.By), new IncludeCommand(group, users));
    }

    private void Send(SendStep step)
    {
        MpencDeviceSlot from = Device(step.From);
        string name = X(step.As);
        string to = X(step.To);
        string group = to[SendStep.GroupPrefix.Length..];
        string text = step.Text is { } t ? X(t) : Encoding.UTF8.GetString(SendSteps.Filler(name, step.Size ?? 0));
        IReadOnlySet<string> recipients = (from.State.Channels.GetValueOrDefault(group)?.Current?.Members ?? []).Where(m => m != from.User).Select(MpencWorld.DeviceOf).ToHashSet(StringComparer.Ordinal);
        _world.Ledger.Sent[name] = new SentText(name, from.Name, to, Encoding.UTF8.GetBytes(text), recipients);
        IReadOnlyList<string>? parents = step.Parents?.Select(p => ClaimedParent(X(p))).ToList();
        _world.Do(from, new SendCommand(group, text) { ClaimedParents = parents }, name);
    }

    /// <summary>A claimed parent (<c>send: { parents }</c>): a named text's id, or <c>invented</c> — a reference to no message.</summary>
    private string ClaimedParent(string name) =>
        name == "invented" ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"mpenc/{Seed}/invented/{StepNumber}")))
        : _world.Ledger.NameById.FirstOrDefault(p => p.Value == name).Key ?? throw new ScenarioFailure($"expected a text sent earlier as a parent, found \"{name}\"");

    private void Compromise(CompromiseStep step)
    {
        MpencDeviceSlot device = Device(step.Device);
        _world.Adversaries[X(step.As)] = (device.Name, device.State);
        Say($"  adversary {X(step.As)} copies the state of {device.Name}: its identity key and every subsession's keys");
    }

    /// <summary>The <c>pick</c>-th delivery of a kind (from a party, if named) to a member so far — protocol traffic without a name.</summary>
    private MpencFlight Picked(ProtocolPick pick, string to)
    {
        IReadOnlyList<string> devices = Parties(to);
        List<MpencFlight> seen = [.. _world.History.Concat(_world.InFlight).Where(f => !f.Forged && devices.Contains(f.To) && f.Kind == pick.Kind && (pick.From is null || f.From == X(pick.From) || MpencWorld.UserOf(f.From) == X(pick.From)))];
        return pick.Nth <= seen.Count ? seen[pick.Nth - 1] : throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected a {pick.Kind} delivery #{pick.Nth} to {X(to)}, but only {seen.Count} crossed the network"));
    }

    private void Each(string party, Action<MpencDeviceSlot> action)
    {
        foreach (string device in Parties(party))
        {
            action(_world.Device(device));
        }
    }

    private MpencDeviceSlot Device(string name) => _world.Device(FirstDevice(name));
}

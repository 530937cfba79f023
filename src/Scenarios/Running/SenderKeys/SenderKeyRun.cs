using System.Globalization;
using System.Text;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.Scenarios.Running.Relayed;
using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// One run of a scenario on the sender-key family (seed 004): devices of <c>E2eeConformance.SenderKeys</c> and its
/// relay, a virtual clock and a simulated network, driven step by step. Deterministic: each device draws from its own
/// stream labelled by the seed and its name, time is virtual, the server order is a counter. Its result has the same
/// shape as every family's: transcript, diagram, outcome and the failing step.
/// </summary>
internal sealed class SenderKeyRun : RelayedRun
{
    private readonly SenderKeyWorld _world;
    private readonly FlightNetwork<SenderKeyFlight> _network;
    private readonly SenderKeyChecks _checks;

    public SenderKeyRun(Scenario scenario, ulong seed)
        : base(scenario, seed)
    {
        _world = new SenderKeyWorld(seed, PolicyOf(scenario.SenderKeys), Transcript.Add) { MatchesRule = (s, f) => Matches(s, f, RelayServer.UserOf), Expand = X };
        _network = new FlightNetwork<SenderKeyFlight>(_world, "sender-keys", seed, Parties);
        _checks = new SenderKeyChecks(_world, Parties, Bindings);
    }

    protected override string Suite => Families.SenderKeysFamily.P256;

    protected override string Header => string.Create(CultureInfo.InvariantCulture, $"protocol sender-keys, seed {Seed}");

    protected override IRelayedWorld World => _world;

    /// <summary>The family's policy with the scenario's <c>sender_keys:</c> settings applied.</summary>
    public static SenderKeyPolicy PolicyOf(SenderKeySettings? settings)
    {
        SenderKeyPolicy policy = SenderKeyPolicy.Default;
        if (settings is null)
        {
            return policy;
        }

        return policy with
        {
            MaxMessagesPerKey = settings.RotateAfterMessages ?? policy.MaxMessagesPerKey,
            MaxKeyAge = settings.RotateAfter ?? policy.MaxKeyAge,
            TransitionWindow = settings.TransitionWindow ?? policy.TransitionWindow,
            MaxForwardJump = settings.MaxForwardJump ?? policy.MaxForwardJump,
            MaxSkippedKeys = settings.MaxSkippedKeys ?? policy.MaxSkippedKeys,
        };
    }

    protected override void RunFamilyStep(Step step)
    {
        switch (step)
        {
            case RegisterStep s: Register(s); break;
            case AddUserStep s: AddUser(s); break;
            case AddDeviceStep s: AddDevice(s); break;
            case RestartStep s: Restart(Device(s.Device)); break;
            case OfflineStep s: Each(s.Device, d => d.Online = false); break;
            case OnlineStep s: Each(s.Device, d => { d.Online = true; _world.Flush(d); }); break;
            case CompromiseStep s: Compromise(s); break;
            case SendStep s: Send(s); break;
            case CreateGroupStep s: _world.Do(Device(s.By), new CreateGroup(X(s.Name), [.. s.Members.Select(X)])); break;
            case AddMembersStep s: _world.Do(Device(s.By), new AddMembers(X(s.Group), [.. s.Users.Select(X)])); break;
            case RemoveMembersStep s: _world.Do(Device(s.By), new RemoveMembers(X(s.Group), [.. s.Users.Select(X)])); break;
            case LeaveStep s: _world.Do(Device(s.Who), new LeaveGroup(X(s.Group))); break;
            case ExpectStep s: _checks.Check(s); break;
            default: _network.Run(step); break;
        }
    }

    protected override void End()
    {
        _network.Heal();
        _checks.CheckEnd();
    }

    protected override IEnumerable<string> DevicesOf(string user) => _world.DevicesOf(user).Select(d => d.Name);

    private void Restart(SenderKeyDeviceSlot device)
    {
        device.Restart();
        Say($"  {device.Name} restarts from its store");
    }

    private void Register(RegisterStep step)
    {
        foreach (string user in UsersOf(step))
        {
            for (int i = 1; i <= Users[user].Devices; i++)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"{user}/{i}");
                if (!_world.Has(name))
                {
                    _world.AddDevice(name);
                }
            }
        }
    }

    private void AddUser(AddUserStep step)
    {
        string user = X(step.User);
        Users[user] = new UserSpec(user, step.Devices);
        UserOrder.Add(user);
        for (int i = 1; i <= step.Devices; i++)
        {
            _world.AddDevice(string.Create(CultureInfo.InvariantCulture, $"{user}/{i}"));
        }
    }

    private void AddDevice(AddDeviceStep step)
    {
        string user = X(step.User);
        string id = step.As is { } named ? X(named) : (_world.DevicesOf(user).Count() + 1).ToString(CultureInfo.InvariantCulture);
        _world.AddDevice($"{user}/{id}");
    }

    private void Compromise(CompromiseStep step)
    {
        SenderKeyDeviceSlot device = Device(step.Device);
        string name = X(step.As);
        var random = new LabelledStream(string.Create(CultureInfo.InvariantCulture, $"sender-keys/{Seed}/adversary/{name}"));
        _world.Adversaries[name] = new SenderKeyAdversary(device.Name, DeviceStateCodec.Decode(device.Stored), step.Observes, random, _world.NameOfRead);
        Say($"  adversary {name} copies the stored state of {device.Name}{(step.Observes ? " and observes its traffic" : "")}");
    }

    private void Send(SendStep step)
    {
        SenderKeyDeviceSlot from = Device(step.From);
        string name = X(step.As);
        string to = X(step.To);
        byte[] text = step.Text is { } t ? Encoding.UTF8.GetBytes(X(t)) : SendSteps.Filler(name, step.Size ?? 0);
        _world.Ledger.Sent[name] = new SentText(name, from.Name, to, text, _world.RecipientsOf(from.Name, to));
        if (to.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal))
        {
            _world.Do(from, new SendGroupText(to[SendStep.GroupPrefix.Length..], text), name, groupLabel: name);
        }
        else
        {
            _world.Do(from, new SendText(to, text, name), name);
        }
    }

    private void Each(string party, Action<SenderKeyDeviceSlot> action)
    {
        foreach (string device in Parties(party))
        {
            action(_world.Device(device));
        }
    }

    private SenderKeyDeviceSlot Device(string name) => _world.Device(FirstDevice(name));
}

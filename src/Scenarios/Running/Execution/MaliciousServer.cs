using E2eeConformance.Engine.Ports;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// The <c>server:</c> steps: the run's server turned adversary (<see cref="ServerStep"/>). It acts where a real server
/// could: on what it relays (withholding, partitions — through <see cref="SimulatedNetwork"/>) and on the pre-key
/// bundles it hands out (through <see cref="ObservedTransport.RewriteBundles"/>). Every act is written in the transcript.
/// </summary>
internal sealed class MaliciousServer
{
    private readonly RunContext _run;
    private readonly NetworkFaults _faults;
    private readonly ActorSteps _actors;
    private readonly ServerForgeries _forgeries;
    private readonly List<string> _downed = [];
    private readonly List<MessageSelector> _withholding = [];
    private readonly List<ServerAction> _bundleRules = [];
    private readonly Dictionary<string, Wire.OneTimePreKeyPublic> _firstOneTimePreKey = new(StringComparer.Ordinal);
    private IReadOnlyList<IReadOnlyList<string>>? _partition;
    private Interception? _interception;

    /// <summary>A server that is honest until a <c>server:</c> step says otherwise.</summary>
    public MaliciousServer(RunContext run, NetworkFaults faults, ActorSteps actors, DeliveryLoop delivery)
    {
        _run = run;
        _faults = faults;
        _actors = actors;
        _forgeries = new ServerForgeries(run, delivery);
        run.Network.Withholds = d => _withholding.Exists(rule => run.Network.Matches(rule, d, run.Roster.DevicesOf));
    }

    /// <summary>Whether the server is down (<c>server: down</c> until <c>server: up</c> or the end of the run).</summary>
    public bool IsDown { get; private set; }

    /// <summary>Carries out one <c>server:</c> step.</summary>
    public void Act(ServerStep step)
    {
        switch (step.Action)
        {
            case WithholdAction a: Withhold(a); break;
            case PartitionAction a: Partition(a); break;
            case HealAction: Heal(); break;
            case HonestAction: Honest(); break;
            case DownAction: Down(); break;
            case UpAction: Up(); break;
            case SubstituteBundleAction or ReuseOneTimePreKeyAction or StripOneTimePreKeysAction: AddBundleRule(step.Action); break;
            case FakeHeartbeatAction a: _forgeries.FakeHeartbeat(a); break;
            case ForgeUserUpdateAction a: _forgeries.ForgeUserUpdate(a); break;
            case InterceptAction a: (_interception ??= new Interception(_run)).Add(a); break;
            default: throw new ScenarioFailure($"the runner does not know the server action {step.Action.Name}");
        }
    }

    private void Withhold(WithholdAction action)
    {
        MessageSelector selector = _run.Expand(action.Select);
        _withholding.Add(selector);
        List<InFlightDelivery> now = [.. _run.Network.Select(selector, _run.Roster.DevicesOf)];
        foreach (InFlightDelivery d in now)
        {
            _run.Network.Withhold(d);
            _faults.Record(d, "server withholds");
        }

        _run.Say(now.Count == 0 ? "  nothing in flight matches yet; the server will withhold later matching messages" : "  the server will withhold later matching messages too");
    }

    private void Partition(PartitionAction action)
    {
        _partition = [.. action.Sides.Select(side => (IReadOnlyList<string>)[.. side.Select(_run.Expand)])];
        _run.Network.Blocks = Separated;
        _run.Say("  the server relays nothing between " + string.Join(" | ", _partition.Select(side => string.Join(", ", side))));
        _run.Diagram.Note("server", "partition");
    }

    private void Heal()
    {
        bool was = _partition is not null;
        _partition = null;
        _run.Network.Blocks = null;
        _run.Say(was ? "  the partition heals" : "  there was no partition");
    }

    private void Down()
    {
        if (IsDown)
        {
            _run.Say("  the server is down already");
            return;
        }

        foreach (SimDevice device in _run.Roster.Devices.Where(d => !_run.Offline.Contains(d.Name)))
        {
            if (!_run.Driver.IsEngine(device))
            {
                throw new ImplementationUnimplemented($"{device.Name} is an implementation under test: the adapter protocol cannot keep its requests waiting while the server is down");
            }

            _run.Offline.Add(device.Name);
            _downed.Add(device.Name);
        }

        IsDown = true;
        _run.Say("  the server is down: requests wait in the devices' outboxes, nothing is delivered");
        _run.Diagram.Note("server", "down");
    }

    private void Up()
    {
        if (!IsDown)
        {
            _run.Say("  the server is up already");
            return;
        }

        IsDown = false;
        _run.Say("  the server is up again");
        _run.Diagram.Note("server", "up");
        foreach (string name in _downed)
        {
            _actors.Reconnect(name);
        }

        _downed.Clear();
    }

    private void Honest()
    {
        _withholding.Clear();
        _bundleRules.Clear();
        _firstOneTimePreKey.Clear();
        _run.Transport.RewriteBundles = null;
        _interception?.Clear();
        _partition = null;
        _run.Network.Blocks = null;
        _run.Say("  the server is honest again (messages it withheld stay lost)");
    }

    private void AddBundleRule(ServerAction rule)
    {
        _bundleRules.Add(rule);
        _run.Transport.RewriteBundles = Rewrite;
        _run.Say(rule switch
        {
            SubstituteBundleAction s => $"  the server will hand out {X(s.With)}'s bundle as {X(s.Of)}'s",
            ReuseOneTimePreKeyAction r => $"  the server will hand out the first one-time pre-key of {X(r.Of)} again and again",
            StripOneTimePreKeysAction s => $"  the server will hand out {X(s.Of)}'s bundles without a one-time pre-key",
            _ => "",
        });
    }

    /// <summary>Whether a delivery crosses the partition (sender and recipient on different sides).</summary>
    private bool Separated(InFlightDelivery delivery)
    {
        if (_partition is null || delivery.From == "server")
        {
            return false;
        }

        int from = SideOf(delivery.From);
        int to = SideOf(delivery.To);
        return from >= 0 && to >= 0 && from != to;
    }

    private int SideOf(string device)
    {
        for (int i = 0; i < _partition!.Count; i++)
        {
            if (_partition[i].Any(p => _run.Roster.DevicesOf(p).Contains(device)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The bundles a malicious server hands out instead of the honest ones, rule by rule in the order given.</summary>
    private Wire.GetPreKeyBundleResponse Rewrite(DeviceCredential asking, Wire.GetPreKeyBundleResponse honest)
    {
        if (honest.Code != Wire.ResponseCode.Ok)
        {
            return honest;
        }

        Wire.GetPreKeyBundleResponse answer = honest.Clone();
        string asker = _run.Roster.NameOf(asking.Address);
        foreach (Wire.PreKeyBundle bundle in answer.PreKeyBundles)
        {
            string owner = _run.Roster.NameOf(bundle.UserAddress);
            foreach (ServerAction rule in _bundleRules)
            {
                Apply(rule, bundle, owner, asking, asker);
            }
        }

        return answer;
    }

    private void Apply(ServerAction rule, Wire.PreKeyBundle bundle, string owner, DeviceCredential asking, string asker)
    {
        switch (rule)
        {
            case SubstituteBundleAction s when Covers(s.Of, owner) && !Covers(s.With, asker): // the adversary's own device gets the real bundle
                SimDevice with = _run.Roster.DeviceNamed(X(s.With));
                Wire.PreKeyBundle fake = BundleOf(with, asking);
                bundle.IdentityKeyPublic = fake.IdentityKeyPublic;
                bundle.SignedPreKeyPublic = fake.SignedPreKeyPublic;
                bundle.OneTimePreKeyPublic = fake.OneTimePreKeyPublic;
                bundle.E2EesPackId = fake.E2EesPackId;
                _run.Say($"  server hands {asker} the bundle of {with.Name} as {owner}'s");
                _run.Diagram.Fault(asker, $"bundle of {with.Name} as {owner}'s");
                break;
            case ReuseOneTimePreKeyAction r when Covers(r.Of, owner) && bundle.OneTimePreKeyPublic is { PublicKey.Length: > 0 } opk:
                if (_firstOneTimePreKey.TryGetValue(owner, out Wire.OneTimePreKeyPublic? first))
                {
                    bundle.OneTimePreKeyPublic = first.Clone();
                    _run.Say($"  server hands {asker} {owner}'s one-time pre-key again");
                    _run.Diagram.Fault(asker, $"{owner}'s used one-time pre-key");
                }
                else
                {
                    _firstOneTimePreKey[owner] = opk.Clone();
                }

                break;
            case StripOneTimePreKeysAction s when Covers(s.Of, owner) && bundle.OneTimePreKeyPublic is { PublicKey.Length: > 0 }:
                bundle.OneTimePreKeyPublic = null;
                _run.Say($"  server hands {asker} {owner}'s bundle without its one-time pre-key");
                _run.Diagram.Fault(asker, $"{owner}'s bundle stripped");
                break;
            default:
                break;
        }
    }

    /// <summary>The honest bundle of <paramref name="device"/> (the server takes one of its one-time pre-keys, as for anyone).</summary>
    private Wire.PreKeyBundle BundleOf(SimDevice device, DeviceCredential asking)
    {
        Wire.E2eeAddress address = _run.Driver.AddressOf(device);
        var request = new Wire.GetPreKeyBundleRequest { Domain = address.Domain, UserId = address.User.UserId, DeviceId = address.User.DeviceId };
        Wire.GetPreKeyBundleResponse answer = _run.Server.GetPreKeyBundle(asking, request);
        return answer.PreKeyBundles.FirstOrDefault(b => _run.Roster.NameOf(b.UserAddress) == device.Name)
            ?? throw new ScenarioFailure($"expected the server to hold a bundle of {device.Name} to substitute, but it answered {answer.Code}");
    }

    private bool Covers(string party, string device) => _run.Roster.DevicesOf(X(party)).Contains(device);

    private string X(string text) => _run.Expand(text);
}

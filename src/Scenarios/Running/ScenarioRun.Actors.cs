using System.Globalization;
using System.Text;
using E2eeConformance.DeviceStore.Sqlite;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running;

/// <summary>Steps that act through devices: registration, restarts, the clock, sends and group management.</summary>
internal sealed partial class ScenarioRun
{
    private string? _registering;

    private void Register(RegisterStep step)
    {
        foreach (string user in UsersOf(step.Users))
        {
            UserSpec spec = _users[user];
            for (int i = 1; i <= spec.Devices; i++)
            {
                string id = i.ToString(CultureInfo.InvariantCulture);
                if (!_devices.ContainsKey($"{user}/{id}"))
                {
                    RegisterDevice(spec, id);
                }
            }
        }
    }

    private void AddDevice(AddDeviceStep step)
    {
        string user = UsersOf([step.User]).Single();
        List<SimDevice> devices = _userDevices[user];
        string id = step.As is { } named ? X(named) : (devices.Count + 1).ToString(CultureInfo.InvariantCulture);
        if (id.Contains('/', StringComparison.Ordinal))
        {
            id = id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..];
        }

        if (_devices.ContainsKey($"{user}/{id}"))
        {
            throw new ScenarioFailure($"expected a new device of {user}, but {user}/{id} is already registered");
        }

        RegisterDevice(_users[user], id);
    }

    private void RegisterDevice(UserSpec user, string deviceId)
    {
        string name = $"{user.Name}/{deviceId}";
        IDeviceStateStore<DeviceState> store = NewStore(name);
        IRandomSource random = new ReferenceStreamRandom($"e2ee-conformance/{_seed}/{_suite.Name}/{name}");
        var device = new SimDevice(name, user.Name, deviceId, store, random);
        var options = new DeviceOptions(_suite, _server.Domain, user.Name, deviceId)
        {
            InitialOneTimePreKeys = user.OneTimePreKeys ?? ProtocolLimits.OneTimePreKeyBatch,
        };
        _registering = name;
        try
        {
            device.Device = Engine.Client.Device.Register(options, _transport, store, random, _clock, _events);
        }
        finally
        {
            _registering = null;
        }

        _devices[name] = device;
        _deviceOrder.Add(device);
        _userDevices[user.Name].Add(device);
        _nameByAddress[Addresses.Format(device.Live.Address)] = name;
        Say($"  registered {name}");
        DrainEvents();
    }

    private IDeviceStateStore<DeviceState> NewStore(string name)
    {
        if (!_sqlite)
        {
            return new InMemoryDeviceStateStore();
        }

        Directory.CreateDirectory(_tempDirectory);
        return new SqliteDeviceStateStore(Path.Combine(_tempDirectory, name.Replace('/', '_') + ".db"));
    }

    /// <summary>Stops the device and starts it from its store (re-opening its SQLite file), then runs its start-up check.</summary>
    private void Restart(RestartStep step)
    {
        SimDevice device = DeviceNamed(step.Device);
        if (device.Store is SqliteDeviceStateStore sqlite)
        {
            string path = sqlite.Path;
            sqlite.Dispose();
            device.Store = new SqliteDeviceStateStore(path);
        }

        device.Device = Engine.Client.Device.Restore(_transport, device.Store, device.Random, _clock, _events);
        device.Live.Activate();
        Say($"  {device.Name} restarted from its {(_sqlite ? "SQLite file" : "store")}");
        DrainEvents();
    }

    private void AdvanceClock(AdvanceClockStep step)
    {
        _clock.Advance(step.By);
        Say($"  clock at +{FormatSpan(_clock.Elapsed)}");
        foreach (SimDevice device in _deviceOrder)
        {
            device.Live.Activate();
            DrainEvents();
        }
    }

    private void Compromise(CompromiseStep step)
    {
        SimDevice device = DeviceNamed(step.Device);
        string name = X(step.As);
        if (_adversaries.ContainsKey(name))
        {
            throw new ScenarioFailure($"expected a new adversary name, but {name} already holds a copy");
        }

        _adversaries[name] = new Adversary(name, device.Name, DeviceStateCodec.Encode(device.Live.State), _step);
        Say($"  {name} copies the state of {device.Name}");
        _diagram.Add(new DiagramEvent(DiagramEventKind.Note, device.Name, device.Name, $"{name} copies the state", ""));
    }

    private void Send(SendStep step)
    {
        SimDevice from = DeviceNamed(step.From);
        string name = X(step.As);
        if (_ledger.Exists(name))
        {
            throw new ScenarioFailure($"expected a new message name, but {name} was already sent");
        }

        byte[] text = step.Text is { } t ? Encoding.UTF8.GetBytes(X(t)) : Filler(name, step.Size ?? 0);
        string to = X(step.To);
        if (to.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal))
        {
            SimGroup group = GroupNamed(to);
            HashSet<string> allowed = new(group.Members.SelectMany(u => _userDevices[u]).Select(d => d.Name).Where(d => d != from.Name), StringComparer.Ordinal);
            var message = new SentMessage(name, text, from.Name, SendStep.GroupPrefix + group.Name, allowed, _step);
            Record(message);
            from.Live.SendGroupText(group.Address, text);
            IEnumerable<string> view = from.Live.State.GroupOf(group.Address).Keys?.Current.Members.Select(m => NameOf(m.Address)) ?? [];
            message.Intended = new HashSet<string>(view.Where(allowed.Contains), StringComparer.Ordinal);
        }
        else
        {
            string user = UsersOf([to]).Single();
            HashSet<string> allowed = new(_userDevices[user].Concat(_userDevices[from.User]).Select(d => d.Name).Where(d => d != from.Name), StringComparer.Ordinal);
            var message = new SentMessage(name, text, from.Name, user, allowed, _step);
            Record(message);
            from.Live.SendText(_server.Domain, user, text);
            IEnumerable<string> view = from.Live.State.Peers.Values.Select(p => NameOf(p.Peer));
            message.Intended = new HashSet<string>(view.Where(allowed.Contains), StringComparer.Ordinal);
        }

        DrainEvents();
    }

    private void Record(SentMessage message)
    {
        _ledger.Add(message);
        if (message.Text.Length >= 8)
        {
            _watchedTexts.Add(message.Text);
        }
    }

    /// <summary>The bytes of a <c>size:</c> send: the message name, then a deterministic pattern.</summary>
    private static byte[] Filler(string name, int size)
    {
        byte[] bytes = new byte[size];
        byte[] prefix = Encoding.UTF8.GetBytes(name + ":");
        for (int i = 0; i < size; i++)
        {
            bytes[i] = i < prefix.Length ? prefix[i] : (byte)('a' + (i % 26));
        }

        return bytes;
    }

    private void CreateGroup(CreateGroupStep step)
    {
        SimDevice by = DeviceNamed(step.By);
        string name = X(step.Name);
        if (_groups.ContainsKey(name))
        {
            throw new ScenarioFailure($"expected a new group name, but {name} already exists");
        }

        List<string> members = [.. UsersOf(step.Members).Distinct()];
        Engine.Wire.E2eeAddress address = by.Live.CreateGroup(name, members.Select(u => (_server.Domain, u)));
        _groups[name] = new SimGroup(name, address, members.Append(by.User));
        _groupNameByAddress[Addresses.Format(address)] = name;
        DrainEvents();
    }

    private void AddMembers(AddMembersStep step)
    {
        SimDevice by = DeviceNamed(step.By);
        SimGroup group = GroupNamed(step.Group);
        List<string> users = [.. UsersOf(step.Users).Distinct()];
        by.Live.AddGroupMembers(group.Address, users.Select(u => (_server.Domain, u)));
        group.Members.UnionWith(users);
        DrainEvents();
    }

    private void RemoveMembers(RemoveMembersStep step)
    {
        SimDevice by = DeviceNamed(step.By);
        SimGroup group = GroupNamed(step.Group);
        List<string> users = [.. UsersOf(step.Users).Distinct()];
        by.Live.RemoveGroupMembers(group.Address, users.Select(u => (_server.Domain, u)));
        group.Members.ExceptWith(users);
        DrainEvents();
    }

    private void Leave(LeaveStep step)
    {
        SimDevice who = DeviceNamed(step.Who);
        SimGroup group = GroupNamed(step.Group);
        who.Live.LeaveGroup(group.Address);
        group.Members.Remove(who.User);
        DrainEvents();
    }

    private void AddGroupDevice(AddGroupDeviceStep step)
    {
        SimDevice by = DeviceNamed(step.By);
        SimGroup group = GroupNamed(step.Group);
        SimDevice device = DeviceNamed(step.Device);
        by.Live.AddGroupMemberDevice(group.Address, device.Live.Address);
        DrainEvents();
    }

    private static string FormatSpan(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Days}d"));
        }

        if (span.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h"));
        }

        if (span.Minutes > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m"));
        }

        if (span.Seconds > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Seconds}s"));
        }

        return string.Concat(parts);
    }
}

using E2eeConformance.Engine.Protocol;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// Who is who in a run: the scenario's users, the devices registered so far (in order), the groups created so far,
/// and the names a scenario uses for them ("all", a user, <c>alice/1</c>, <c>group:g</c>), with repeat variables filled in.
/// </summary>
internal sealed class RunRoster
{
    private readonly List<UserSpec> _scenarioUsers;
    private readonly RepeatBindings _bindings;
    private readonly Dictionary<string, SimDevice> _devices = new(StringComparer.Ordinal);
    private readonly List<SimDevice> _deviceOrder = [];
    private readonly Dictionary<string, List<SimDevice>> _userDevices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserSpec> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nameByAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _groupNameByAddress = new(StringComparer.Ordinal);

    /// <summary>A roster of the scenario's users, with no device and no group yet.</summary>
    public RunRoster(IReadOnlyList<UserSpec> users, RepeatBindings bindings)
    {
        _scenarioUsers = [.. users];
        _bindings = bindings;
        foreach (UserSpec user in users)
        {
            _users[user.Name] = user;
            _userDevices[user.Name] = [];
        }
    }

    /// <summary>The registered devices, in registration order.</summary>
    public IReadOnlyList<SimDevice> Devices => _deviceOrder;

    /// <summary>The groups created so far, by name.</summary>
    public IReadOnlyCollection<SimGroup> Groups => _groups.Values;

    /// <summary>The scenario's declaration of a user (a name <see cref="UsersOf"/> returned).</summary>
    public UserSpec User(string name) => _users[name];

    /// <summary>A user's devices now, in registration order.</summary>
    public IReadOnlyList<SimDevice> DevicesOfUser(string user) => _userDevices[user];

    /// <summary>
    /// A user who joins mid-run (<c>add_user</c>): from now on it is among "all" and may be named; it comes after the
    /// declared users in <see cref="IndexOf"/>.
    /// </summary>
    public void AddUser(UserSpec user)
    {
        if (!_users.TryAdd(user.Name, user))
        {
            throw new ScenarioFailure($"expected a new user, but {user.Name} is already a user of the run");
        }

        _scenarioUsers.Add(user);
        _userDevices[user.Name] = [];
    }

    /// <summary>The user's position: the scenario's users in order, then those added mid-run (-1: no such user).</summary>
    public int IndexOf(string user) => _scenarioUsers.FindIndex(u => u.Name == user);

    /// <summary>Whether a device of this exact name (<c>alice/1</c>) is registered.</summary>
    public bool IsRegistered(string deviceName) => _devices.ContainsKey(deviceName);

    /// <summary>The registered device of this exact name.</summary>
    public SimDevice Device(string deviceName) => _devices[deviceName];

    /// <summary>Whether a group of this name was created.</summary>
    public bool HasGroup(string name) => _groups.ContainsKey(name);

    /// <summary>Adds a device just registered at <paramref name="address"/>.</summary>
    public void Add(SimDevice device, Wire.E2eeAddress address)
    {
        _devices[device.Name] = device;
        _deviceOrder.Add(device);
        _userDevices[device.User].Add(device);
        _nameByAddress[Addresses.Format(address)] = device.Name;
    }

    /// <summary>Adds a group just created.</summary>
    public void Add(SimGroup group)
    {
        _groups[group.Name] = group;
        _groupNameByAddress[Addresses.Format(group.Address)] = group.Name;
    }

    /// <summary>The scenario's name for an address: a device name, <c>group:NAME</c>, or the address itself.</summary>
    public string NameOf(Wire.E2eeAddress address) => NameOf(Addresses.Format(address));

    /// <summary>The scenario's name for a formatted address: a device name, <c>group:NAME</c>, or the address itself.</summary>
    public string NameOf(string formatted) =>
        _nameByAddress.TryGetValue(formatted, out string? name) ? name
        : _groupNameByAddress.TryGetValue(formatted, out string? group) ? "group:" + group
        : formatted;

    /// <summary>The devices a name stands for: "all", a user (its devices now), or one device.</summary>
    public IReadOnlyCollection<string> DevicesOf(string name)
    {
        name = _bindings.Expand(name);
        if (name == "all")
        {
            return [.. _deviceOrder.Select(d => d.Name)];
        }

        if (_userDevices.TryGetValue(name, out List<SimDevice>? devices))
        {
            return [.. devices.Select(d => d.Name)];
        }

        if (_devices.ContainsKey(name))
        {
            return [name];
        }

        throw new ScenarioFailure($"expected a user or a registered device, found \"{name}\" (users: {string.Join(", ", _scenarioUsers.Select(u => u.Name))}; devices: {string.Join(", ", _deviceOrder.Select(d => d.Name))})");
    }

    /// <summary>One device: a device name, or a user's first device.</summary>
    public SimDevice DeviceNamed(string name)
    {
        name = _bindings.Expand(name);
        if (_devices.TryGetValue(name, out SimDevice? device))
        {
            return device;
        }

        if (_userDevices.TryGetValue(name, out List<SimDevice>? devices) && devices.Count > 0)
        {
            return devices[0];
        }

        throw new ScenarioFailure($"expected a registered device, found \"{name}\" (registered: {string.Join(", ", _deviceOrder.Select(d => d.Name))})");
    }

    /// <summary>A group created earlier, by its name with or without the <c>group:</c> prefix.</summary>
    public SimGroup GroupNamed(string name)
    {
        name = _bindings.Expand(name);
        if (name.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal))
        {
            name = name[SendStep.GroupPrefix.Length..];
        }

        return _groups.TryGetValue(name, out SimGroup? group) ? group
            : throw new ScenarioFailure($"expected a group created earlier, found \"{name}\" (groups: {string.Join(", ", _groups.Keys)})");
    }

    /// <summary>The users the names stand for: "all" (every user of the scenario) or a user's name.</summary>
    public IEnumerable<string> UsersOf(IReadOnlyList<string> names)
    {
        foreach (string raw in names)
        {
            string name = _bindings.Expand(raw);
            if (name == "all")
            {
                foreach (string user in _scenarioUsers.Select(u => u.Name))
                {
                    yield return user;
                }
            }
            else if (_users.ContainsKey(name))
            {
                yield return name;
            }
            else
            {
                throw new ScenarioFailure($"expected a user, found \"{name}\" (users: {string.Join(", ", _scenarioUsers.Select(u => u.Name))})");
            }
        }
    }
}

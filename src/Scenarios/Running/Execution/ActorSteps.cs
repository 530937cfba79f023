using System.Globalization;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>Steps that act on the devices themselves: registration, new devices, restarts and the passing of time.</summary>
internal sealed class ActorSteps(RunContext run, EventRecorder events)
{
    /// <summary>Registers every device the users declare that is not registered yet.</summary>
    public void Register(RegisterStep step)
    {
        foreach (string user in run.Roster.UsersOf(step.Users))
        {
            UserSpec spec = run.Roster.User(user);
            for (int i = 1; i <= spec.Devices; i++)
            {
                string id = i.ToString(CultureInfo.InvariantCulture);
                if (!run.Roster.IsRegistered($"{user}/{id}"))
                {
                    RegisterDevice(spec, id);
                }
            }
        }
    }

    /// <summary>Registers one more device of a user: the next number, or the name the step gives.</summary>
    public void AddDevice(AddDeviceStep step)
    {
        string user = run.Roster.UsersOf([step.User]).Single();
        IReadOnlyList<SimDevice> devices = run.Roster.DevicesOfUser(user);
        string id = step.As is { } named ? run.Expand(named) : (devices.Count + 1).ToString(CultureInfo.InvariantCulture);
        if (id.Contains('/', StringComparison.Ordinal))
        {
            id = id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..];
        }

        if (run.Roster.IsRegistered($"{user}/{id}"))
        {
            throw new ScenarioFailure($"expected a new device of {user}, but {user}/{id} is already registered");
        }

        RegisterDevice(run.Roster.User(user), id);
    }

    /// <summary>Stops the device and starts it from its store (re-opening its SQLite file), then runs its start-up check.</summary>
    public void Restart(RestartStep step)
    {
        SimDevice device = run.Roster.DeviceNamed(step.Device);
        RunStores.Reopen(device);
        run.Driver.Restart(device);
        run.Say($"  {device.Name} restarted from its {(run.Stores.UsesSqlite ? "SQLite file" : "store")}");
        events.Drain();
    }

    /// <summary>Moves the virtual clock on; then every device runs its periodic check, in registration order.</summary>
    public void AdvanceClock(AdvanceClockStep step)
    {
        run.Clock.Advance(step.By);
        run.Say($"  clock at +{SpanText.Format(run.Clock.Elapsed)}");
        foreach (SimDevice device in run.Roster.Devices)
        {
            run.Driver.Activate(device);
            events.Drain();
        }
    }

    /// <summary>A user joins mid-run: it becomes a user of the run and its devices register now.</summary>
    public void AddUser(AddUserStep step)
    {
        var spec = new UserSpec(run.Expand(step.User), step.Devices, step.OneTimePreKeys);
        run.Roster.AddUser(spec);
        for (int i = 1; i <= spec.Devices; i++)
        {
            RegisterDevice(spec, i.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The devices go offline: deliveries to them wait, their requests wait in their outboxes.</summary>
    public void Offline(OfflineStep step)
    {
        foreach (string name in run.Roster.DevicesOf(step.Device))
        {
            SimDevice device = run.Roster.Device(name);
            if (!run.Driver.IsEngine(device))
            {
                throw new ImplementationUnimplemented($"{name} is an implementation under test: the adapter protocol cannot take a device offline (its outbox would have to wait)");
            }

            run.Say(run.Offline.Add(name) ? $"  {name} offline" : $"  {name} offline already");
            run.Diagram.Note(name, "offline");
        }
    }

    /// <summary>The devices come back: each runs its start-up check and sends what waited in its outbox; deliveries to it resume.</summary>
    public void Online(OnlineStep step)
    {
        foreach (string name in run.Roster.DevicesOf(step.Device))
        {
            if (!Reconnect(name))
            {
                run.Say($"  {name} online already");
            }
        }
    }

    /// <summary>
    /// Fails the run when a group change is asked of an offline device: the command needs the server's answer (a group
    /// address, the member list), which cannot come while the request waits in the outbox.
    /// </summary>
    public void RequireOnline(Step step)
    {
        string? actor = step switch
        {
            CreateGroupStep s => s.By,
            AddMembersStep s => s.By,
            RemoveMembersStep s => s.By,
            LeaveStep s => s.Who,
            AddGroupDeviceStep s => s.By,
            _ => null,
        };
        if (actor is not null && run.Offline.Count > 0 && run.Roster.DeviceNamed(actor).Name is { } name && run.Offline.Contains(name))
        {
            throw new ScenarioFailure($"expected {name} to be online for {step.Keyword} (a group change needs the server's answer), but it is offline");
        }
    }

    /// <summary>The end-of-run heal: every offline device comes back online (in registration order).</summary>
    public void AllOnline()
    {
        foreach (string name in run.Roster.Devices.Select(d => d.Name).Where(run.Offline.Contains).ToList())
        {
            Reconnect(name);
        }
    }

    /// <summary>Brings one offline device online: its start-up check, then its outbox; false when it was online.</summary>
    public bool Reconnect(string name)
    {
        if (!run.Offline.Remove(name))
        {
            return false;
        }

        run.Say($"  {name} online: start-up check, then its outbox");
        run.Diagram.Note(name, "online");
        run.Driver.Activate(run.Roster.Device(name));
        events.Drain();
        return true;
    }

    private void RegisterDevice(UserSpec user, string deviceId)
    {
        string name = $"{user.Name}/{deviceId}";
        IDeviceStateStore<Engine.Client.DeviceState> store = run.Stores.Create(name);
        IRandomSource random = new ReferenceStreamRandom($"e2ee-conformance/{run.Seed}/{run.Suite.Name}/{name}");
        var device = new SimDevice(name, user.Name, deviceId, store, random);
        Wire.E2eeAddress address;
        run.Requests.Registering = name;
        try
        {
            address = run.Driver.Register(device, run.Suite, user.OneTimePreKeys ?? ProtocolLimits.OneTimePreKeyBatch);
        }
        finally
        {
            run.Requests.Registering = null;
        }

        run.Roster.Add(device, address);
        run.Say($"  registered {name}");
        events.Drain();
    }
}

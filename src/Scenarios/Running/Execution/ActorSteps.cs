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

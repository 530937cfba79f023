using E2eeConformance.DeviceStore.Sqlite;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// Where a run's devices keep their state: in memory, or (store <c>sqlite</c>, or <c>auto</c> with a restart step) one
/// SQLite file per device in a temporary directory of the run, deleted when the run ends. A restart is a process
/// restart, not a power cut, so the files are not flushed to disk on every save (<see cref="SqliteDurability.ProcessCrash"/>).
/// </summary>
internal sealed class RunStores
{
    private readonly string _directory;

    /// <summary>The stores of one run of <paramref name="scenario"/> with <paramref name="suite"/>.</summary>
    public RunStores(Scenario scenario, string suite)
    {
        UsesSqlite = scenario.Store == StoreKind.Sqlite || (scenario.Store == StoreKind.Auto && Contains(scenario.Steps, s => s is RestartStep));
        _directory = Path.Combine(Path.GetTempPath(), "e2ee-conformance", $"{scenario.Name}-{suite}-{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>Whether devices keep their state in SQLite files.</summary>
    public bool UsesSqlite { get; }

    /// <summary>A new, empty store for the device <paramref name="name"/>.</summary>
    public IDeviceStateStore<DeviceState> Create(string name)
    {
        if (!UsesSqlite)
        {
            return new InMemoryDeviceStateStore();
        }

        Directory.CreateDirectory(_directory);
        return new SqliteDeviceStateStore(Path.Combine(_directory, name.Replace('/', '_') + ".db"), SqliteDurability.ProcessCrash);
    }

    /// <summary>The store directory of an implementation under test's device <paramref name="name"/> (created; deleted with the run's).</summary>
    public string DirectoryFor(string name)
    {
        string directory = Path.Combine(_directory, "shims", name.Replace('/', '_'));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Closes a device's SQLite file and opens it again, as a process restart would; an in-memory store stays.</summary>
    public static void Reopen(SimDevice device)
    {
        if (device.Store is SqliteDeviceStateStore sqlite)
        {
            string path = sqlite.Path;
            sqlite.Dispose();
            device.Store = new SqliteDeviceStateStore(path, SqliteDurability.ProcessCrash);
        }
    }

    /// <summary>Closes the devices' stores and deletes the run's directory.</summary>
    public void Close(IEnumerable<SimDevice> devices)
    {
        foreach (SimDevice device in devices)
        {
            (device.Store as IDisposable)?.Dispose();
        }

        if (Directory.Exists(_directory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static bool Contains(IReadOnlyList<Step> steps, Func<Step, bool> predicate) =>
        steps.Any(s => predicate(s) || (s is RepeatStep r && Contains(r.Body, predicate)));
}

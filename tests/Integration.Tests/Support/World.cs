using E2eeConformance.DeviceStore.Sqlite;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.InMemoryServer;
using E2eeConformance.InMemoryServer.Delivery;

namespace E2eeConformance.Integration.Tests.Support;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// One in-memory server, many devices, in-process. Delivery is manual: <see cref="Pump"/> hands every unconsumed
/// ProtoMsg to its device, in order, until nothing is pending (no re-entrancy: a device never processes a message
/// while it is sending).
/// </summary>
internal sealed class World : IDisposable
{
    private readonly Dictionary<string, IDeviceStateStore<DeviceState>> _stores = new(StringComparer.Ordinal);
    private readonly List<string> _tempFiles = [];
    private readonly bool _sqlite;

    public World(CipherSuite suite, string label, bool sqlite = false)
    {
        Suite = suite;
        _sqlite = sqlite;
        Random = new ReferenceStreamRandom($"integration/{label}/{suite.Name}");
        Server = new E2eeServer(new E2eeServerOptions(), Clock, null, ManualDelivery.Instance);
        Transport = new InProcessTransport(Server);
    }

    public CipherSuite Suite { get; }

    public ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000));

    public IRandomSource Random { get; }

    public E2eeServer Server { get; }

    public InProcessTransport Transport { get; }

    public EventLog Log { get; } = new();

    public Dictionary<string, Device> Devices { get; } = new(StringComparer.Ordinal);

    public string Domain => Server.Domain;

    public Device this[string name] => Devices[name];

    /// <summary>Registers user/device (name "user/device").</summary>
    public Device Add(string user, string device = "1")
    {
        string name = $"{user}/{device}";
        IDeviceStateStore<DeviceState> store = NewStore(name);
        Device d = Device.Register(new DeviceOptions(Suite, Domain, user, device), Transport, store, Random, Clock, Log);
        Devices[name] = d;
        return d;
    }

    /// <summary>Stops a device and starts it again from its store (the SQLite file, when the world uses SQLite).</summary>
    public Device Restart(string name)
    {
        IDeviceStateStore<DeviceState> store = _stores[name];
        if (store is SqliteDeviceStateStore sqlite)
        {
            string path = sqlite.Path;
            sqlite.Dispose();
            store = new SqliteDeviceStateStore(path);
            _stores[name] = store;
        }

        Device d = Device.Restore(Transport, store, Random, Clock, Log);
        Devices[name] = d;
        return d;
    }

    public string NameOf(Device d) => Devices.First(kv => ReferenceEquals(kv.Value, d)).Key;

    /// <summary>Delivers every pending ProtoMsg until the system is quiet; returns how many were delivered.</summary>
    public int Pump(int maxRounds = 10_000, Action? betweenSteps = null)
    {
        int delivered = 0;
        for (int round = 0; round < maxRounds; round++)
        {
            bool any = false;
            foreach (string name in Devices.Keys.ToList())
            {
                Device d = Devices[name];
                IReadOnlyList<Wire.ProtoMsg> pending = Server.Pending(d.Address);
                if (pending.Count == 0)
                {
                    continue;
                }

                any = true;
                Devices[name].Process(pending[0]);
                delivered++;
                betweenSteps?.Invoke();
            }

            if (!any)
            {
                return delivered;
            }
        }

        throw new InvalidOperationException("the system did not become quiet");
    }

    private IDeviceStateStore<DeviceState> NewStore(string name)
    {
        IDeviceStateStore<DeviceState> store;
        if (_sqlite)
        {
            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"e2ee-device-{Guid.NewGuid():N}.db");
            _tempFiles.Add(path);
            store = new SqliteDeviceStateStore(path);
        }
        else
        {
            store = new InMemoryDeviceStateStore();
        }

        _stores[name] = store;
        return store;
    }

    public void Dispose()
    {
        foreach (IDeviceStateStore<DeviceState> store in _stores.Values)
        {
            (store as IDisposable)?.Dispose();
        }

        foreach (string file in _tempFiles)
        {
            foreach (string f in (string[])[file, file + "-wal", file + "-shm", file + "-journal"])
            {
                if (File.Exists(f))
                {
                    File.Delete(f);
                }
            }
        }
    }
}

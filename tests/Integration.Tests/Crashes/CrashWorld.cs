using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.InMemoryServer;
using E2eeConformance.InMemoryServer.Delivery;
using E2eeConformance.Integration.Tests.Support;

namespace E2eeConformance.Integration.Tests.Crashes;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// An in-memory server and devices whose store, transport and event sink crash where a <see cref="CrashPlan"/> says.
/// A crashed device is dropped and restarted from its store, as a killed process would be; a command whose first save
/// did not happen was never accepted, so the application issues it again.
/// </summary>
internal sealed class CrashWorld
{
    private readonly CipherSuite _suite;
    private readonly IRandomSource _random;
    private readonly Dictionary<string, CrashingStore> _stores = new(StringComparer.Ordinal);
    private readonly CrashingTransport _transport;

    public CrashWorld(CipherSuite suite, int seed, int crashOneIn)
    {
        _suite = suite;
        Plan = new CrashPlan(seed, crashOneIn);
        _random = new ReferenceStreamRandom($"crash-injection/{seed}/{suite.Name}");
        Server = new E2eeServer(new E2eeServerOptions(), Clock, null, ManualDelivery.Instance);
        _transport = new CrashingTransport(Plan, new InProcessTransport(Server));
    }

    public CrashPlan Plan { get; }

    public E2eeServer Server { get; }

    public ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000));

    public EventLog Log { get; } = new();

    public Dictionary<string, Device> Devices { get; } = new(StringComparer.Ordinal);

    public int Restarts { get; private set; }

    public string Domain => Server.Domain;

    public string Add(string user)
    {
        string name = $"{user}/1";
        var store = new CrashingStore(Plan);
        _stores[name] = store;
        Devices[name] = Device.Register(new DeviceOptions(_suite, Domain, user, "1"), _transport, store, _random, Clock, new CrashingEvents(Plan, Log));
        return name;
    }

    /// <summary>
    /// Runs an application command on a device; when the device crashes it is restarted, and the command is issued again
    /// unless a save happened during it (then the device took it, and its restart finishes it).
    /// </summary>
    public T Command<T>(string device, Func<Device, T> command)
    {
        while (true)
        {
            int saves = _stores[device].Saves;
            try
            {
                return command(Devices[device]);
            }
            catch (SimulatedCrash)
            {
                Restart(device);
                if (_stores[device].Saves > saves)
                {
                    return default!;
                }
            }
        }
    }

    /// <summary>Hands the first pending ProtoMsg of each device to it, round after round, until nothing is pending.</summary>
    public void Pump(int maxRounds = 100_000)
    {
        for (int round = 0; round < maxRounds; round++)
        {
            if (!DeliverOneRound())
            {
                return;
            }
        }

        throw new InvalidOperationException("the system did not become quiet");
    }

    /// <summary>One round: each device with something pending processes its first message; false when nothing was pending.</summary>
    public bool DeliverOneRound()
    {
        bool any = false;
        foreach (string name in Devices.Keys.ToList())
        {
            IReadOnlyList<Wire.ProtoMsg> pending = Server.Pending(Devices[name].Address);
            if (pending.Count == 0)
            {
                continue;
            }

            any = true;
            try
            {
                Devices[name].Process(pending[0]);
            }
            catch (SimulatedCrash)
            {
                Restart(name);
            }
        }

        return any;
    }

    /// <summary>Starts a crashed device again from its store; the restart itself may crash, and is tried again.</summary>
    private void Restart(string name)
    {
        while (true)
        {
            Restarts++;
            try
            {
                Devices[name] = Device.Restore(_transport, _stores[name], _random, Clock, new CrashingEvents(Plan, Log));
                return;
            }
            catch (SimulatedCrash)
            {
            }
        }
    }
}

using E2eeConformance.DeviceStore.Sqlite;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.InMemoryServer;
using E2eeConformance.InMemoryServer.Delivery;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Bench;

/// <summary>
/// One-to-one messages end to end: alice's device encrypts and sends, the in-memory server stores and delivers, bob's
/// device decrypts, commits and consumes. With the in-memory device store and with SQLite files, saved for a killed
/// process or flushed to disk on every save (<see cref="SqliteDurability"/>).
/// </summary>
public static class EndToEndBenchmarks
{
    public static IEnumerable<Benchmark> All(IEnumerable<CipherSuite> suites) =>
        suites.SelectMany(suite => new[]
        {
            new Benchmark("e2e-one2one-memory", suite.Name, () => Run(suite, null), "one-to-one end to end: device, in-memory server, device (in-memory store, messages passed in process)", InTable: true),
            new Benchmark("e2e-one2one-wire", suite.Name, () => Run(suite, null, viaBytes: true), "one-to-one end to end, every request and answer as wire bytes"),
            new Benchmark("e2e-one2one-sqlite", suite.Name, () => Run(suite, SqliteDurability.ProcessCrash), "one-to-one end to end, SQLite store (process-crash durability)"),
            new Benchmark("e2e-one2one-sqlite-fsync", suite.Name, () => Run(suite, SqliteDurability.PowerLoss), "one-to-one end to end, SQLite store (fsync on every save)"),
        }).Append(new Benchmark("idle-device-bytes", "ecc", IdleDevice, "not a speed: prints an idle device's size"));

    private sealed class NoEvents : IDeviceEvents<StoredEvent>
    {
        public void Raise(StoredEvent e)
        {
        }
    }

    private static IDeviceStateStore<DeviceState> Store(SqliteDurability? sqlite) =>
        sqlite is { } durability
            ? new SqliteDeviceStateStore(Path.Combine(Path.GetTempPath(), $"e2ee-bench-{Guid.NewGuid():N}.db"), durability)
            : new InMemoryDeviceStateStore();

    /// <summary>
    /// The benchmark's step with the in-memory store (<paramref name="sqlite"/> null) or SQLite files; requests pass as
    /// messages (cloned at the server's door), or as wire bytes both ways with <paramref name="viaBytes"/>.
    /// </summary>
    private static Action Run(CipherSuite suite, SqliteDurability? sqlite, bool viaBytes = false)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/e2e/{suite.Name}");
        var server = new E2eeServer(null, TimeProvider.System, null, ManualDelivery.Instance);
        var transport = new InProcessTransport(server, viaBytes);
        var events = new NoEvents();
        Device alice = Device.Register(new DeviceOptions(suite, server.Domain, "alice", "1"), transport, Store(sqlite), random, TimeProvider.System, events);
        Device bob = Device.Register(new DeviceOptions(suite, server.Domain, "bob", "1"), transport, Store(sqlite), random, TimeProvider.System, events);
        byte[] text = "0123456789abcdef0123456789abcdef"u8.ToArray();

        void Pump()
        {
            bool any = true;
            while (any)
            {
                any = false;
                foreach (Device d in (Device[])[alice, bob])
                {
                    foreach (Wire.ProtoMsg m in server.Pending(d.Address))
                    {
                        d.Process(m);
                        any = true;
                    }
                }
            }
        }

        alice.SendText(server.Domain, "bob", text);
        Pump();
        int sent = 0;
        return () =>
        {
            alice.SendText(server.Domain, "bob", text);
            foreach (Wire.ProtoMsg m in server.Pending(bob.Address))
            {
                bob.Process(m);
            }

            // Bob answers now and then so the one-way chain stays under the 512 limit (an answer is one more message).
            if (++sent % 400 == 0)
            {
                bob.SendText(server.Domain, "alice", text);
                Pump();
            }
        };
    }

    /// <summary>Not a speed: prints (as ops/s) the encoded size in bytes of an idle ECC device with no sessions, minus its one-time pre-keys.</summary>
    private static Action IdleDevice()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/idle");
        var server = new E2eeServer(null, TimeProvider.System, null, ManualDelivery.Instance);
        var store = new InMemoryDeviceStateStore();
        Device d = Device.Register(new DeviceOptions(CipherSuite.Ecc, server.Domain, "idle", "1"), new InProcessTransport(server), store, random, TimeProvider.System, new NoEvents());
        int total = DeviceStateCodec.Encode(store.Load()!).Length;
        int opks = d.State.Account.OneTimePreKeys.Sum(k => k.KeyPair.PublicKey.Length + k.KeyPair.PrivateKey.Length + 8);
        Console.WriteLine($"# idle ECC device: {total} bytes encoded, of which about {opks} are its {d.State.Account.OneTimePreKeys.Count} one-time pre-keys: {total - opks} bytes besides them (limit 65536)");
        return () => { };
    }
}

using System.Diagnostics;
using System.Globalization;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.InMemoryServer;
using E2eeConformance.InMemoryServer.Delivery;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Bench;

/// <summary>
/// <c>e2ee-bench scale --devices N --messages M [--suite ecc|pqc] [--threads T] [--burst B]</c> (issue 17 §4): N real
/// devices (sans-IO core, in-memory store) register on one in-memory server, then exchange M one-to-one messages end to
/// end. Devices are paired (0↔1, 2↔3, …; so N is even); each pair establishes its session on
/// its first message and then writes in bursts of B messages, alternating direction (so every burst starts with an
/// asymmetric ratchet step); messages are dealt round-robin over the pairs. The pairs are split over T threads (the
/// server serialises requests under its lock; each device is driven by one thread). Prints registration time, then a
/// line at every decade of messages (and at the end): elapsed time, throughput since the last line, and the managed
/// memory retained after a full collection (server and devices), and how many processed ProtoMsg ids the devices
/// remember in all (each keeps its last 256, <c>DeviceState.ProcessedIdsKept</c>: they grow until a device has received
/// that many). The server's own id sets are bounded (consumed ProtoMsg ids 65,536, recent message ids 65,536 in all).
/// </summary>
public static class ScaleCommand
{
    private static readonly byte[] Text = "0123456789abcdef0123456789abcdef"u8.ToArray();

    private sealed record Options(int Devices, long Messages, CipherSuite Suite, int Threads, int Burst);

    public static int Run(string[] args)
    {
        if (!TryParse(args, out Options? o, out string? error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine("usage: e2ee-bench scale [--devices N (even, 2..1000000)] [--messages M (1..100000000)] [--suite ecc|pqc] [--threads T] [--burst B]");
            return 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# scale: {o.Devices:N0} {o.Suite.Name} devices, {o.Messages:N0} one-to-one messages, {o.Threads} threads, bursts of {o.Burst}; .NET {Environment.Version}, {Environment.ProcessorCount} cpu"));
        var server = new E2eeServer(new E2eeServerOptions { Domain = "scale.example" }, TimeProvider.System, null, ManualDelivery.Instance);
        var transport = new InProcessTransport(server, viaBytes: false);
        var devices = new Device[o.Devices];
        var total = Stopwatch.StartNew();
        long memoryBefore = ServerLoad.Retained();
        Parallel.For(0, o.Devices, new ParallelOptions { MaxDegreeOfParallelism = o.Threads }, i =>
        {
            devices[i] = Device.Register(
                new DeviceOptions(o.Suite, server.Domain, $"u{i}", "1"),
                transport,
                new InMemoryDeviceStateStore(),
                new ReferenceStreamRandom($"e2ee-bench/scale/{o.Suite.Name}/{i}"),
                TimeProvider.System,
                NoEvents.Instance);
        });
        double registration = total.Elapsed.TotalSeconds;
        long afterRegistration = ServerLoad.Retained();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"registered {o.Devices:N0} devices in {registration:F1} s ({o.Devices / registration:N0}/s); retained {(afterRegistration - memoryBefore) / 1e6:F1} MB ({(afterRegistration - memoryBefore) / (double)o.Devices:N0} B per device with its server records)"));

        int pairs = o.Devices / 2;
        var progress = new Progress(o.Messages, total, afterRegistration, () => devices.Sum(d => (long)d.State.Processed.Count));
        Console.WriteLine($"{"messages",12} {"s",8} {"msg/s",10} {"retained MB",12} {"B/message",10} {"device ids",11}");
        for (long sent = 0; sent < o.Messages;)
        {
            long until = progress.NextMark();
            long from = sent;
            Parallel.For(0, o.Threads, new ParallelOptions { MaxDegreeOfParallelism = o.Threads }, thread =>
            {
                for (long k = from; k < until; k++)
                {
                    int pair = (int)(k % pairs);
                    if (pair % o.Threads != thread)
                    {
                        continue;
                    }

                    long round = k / pairs;
                    Device a = devices[2 * pair];
                    Device b = devices[(2 * pair) + 1];
                    (Device sender, Device receiver) = round / o.Burst % 2 == 0 ? (a, b) : (b, a);
                    sender.SendText(server.Domain, receiver.State.Address.User.UserId, Text);
                    Drain(server, receiver);
                    Drain(server, sender);
                }
            });
            sent = until;
            progress.Mark(sent);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# total {total.Elapsed.TotalSeconds:F1} s: registration {registration:F1} s, messages {total.Elapsed.TotalSeconds - registration:F1} s"));
        GC.KeepAlive(devices);
        return 0;
    }

    private static void Drain(E2eeServer server, Device device)
    {
        IReadOnlyList<Wire.ProtoMsg> pending = server.Pending(device.Address);
        for (int i = 0; i < pending.Count; i++)
        {
            device.Process(pending[i]);
        }
    }

    /// <summary>Decade marks (10, 100, …, and the end) and the line printed at each.</summary>
    private sealed class Progress(long messages, Stopwatch clock, long baseline, Func<long> deviceIds)
    {
        private long _last;
        private double _lastSeconds = clock.Elapsed.TotalSeconds;

        public long NextMark()
        {
            long mark = 10;
            while (mark <= _last)
            {
                mark *= 10;
            }

            return Math.Min(mark, messages);
        }

        public void Mark(long sent)
        {
            double now = clock.Elapsed.TotalSeconds;
            long retained = ServerLoad.Retained();
            double perMessage = (retained - baseline) / (double)sent;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sent,12:N0} {now,8:F1} {(sent - _last) / (now - _lastSeconds),10:N0} {retained / 1e6,12:F1} {perMessage,10:F0} {deviceIds(),11:N0}"));
            _last = sent;
            _lastSeconds = clock.Elapsed.TotalSeconds; // the collection above is not the messages' time
        }
    }

    private sealed class NoEvents : IDeviceEvents<StoredEvent>
    {
        public static NoEvents Instance { get; } = new();

        public void Raise(StoredEvent e)
        {
        }
    }

    private static bool TryParse(string[] args, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Options? options, out string? error)
    {
        int devices = 10_000, threads = Environment.ProcessorCount, burst = 100;
        long messages = 1_000_000;
        CipherSuite suite = CipherSuite.Ecc;
        options = null;
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            i++;
            bool ok = arg switch
            {
                "--devices" => TryWhole(value, 2, 1_000_000, out devices),
                "--threads" => TryWhole(value, 1, 256, out threads),
                "--burst" => TryWhole(value, 1, 1_000_000, out burst),
                "--messages" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out messages) && messages is >= 1 and <= 100_000_000,
                "--suite" => CipherSuite.TryParse(value ?? "", out suite!) && suite.Signature is not SlhDsa,
                _ => false,
            };
            if (!ok)
            {
                error = value is null || !arg.StartsWith("--", StringComparison.Ordinal) ? $"scale: unknown or incomplete option {arg}" : $"scale: {arg} does not take {value}";
                return false;
            }
        }

        if (devices % 2 != 0)
        {
            error = $"scale: --devices must be even (devices talk in pairs), got {devices}";
            return false;
        }

        options = new Options(devices, messages, suite, threads, burst);
        return true;
    }

    private static bool TryWhole(string? text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}

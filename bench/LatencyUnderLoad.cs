using System.Diagnostics;
using System.Globalization;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.InMemoryServer;
using Google.Protobuf;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Bench;

/// <summary>
/// Head-of-line blocking at the server (issue 12 §5, <c>e2ee-bench --latency</c>): 16 devices on 16 threads send
/// one-to-one messages as request bytes (<see cref="E2eeServer.Handle"/>) and consume what they receive; with and
/// without one hostile device among them that sends maximal requests — a ciphertext at the limit, again and again —
/// to a device that consumes them. Prints the latency of the ordinary devices' requests: median, 99th percentile, worst.
/// </summary>
public static class LatencyUnderLoad
{
    private const int Devices = 16;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    public static void Run()
    {
        Console.WriteLine($"{Devices} devices, {Duration.TotalSeconds:F0} s each; latency of the ordinary devices' requests (send + consume)");
        const string Format = "{0,-34} {1,12} {2,10} {3,10} {4,10}";
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Format, "load", "requests", "p50 ms", "p99 ms", "max ms"));
        foreach (bool hostile in new[] { false, true })
        {
            (int count, double p50, double p99, double max) = Measure(hostile);
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                Format,
                hostile ? "15 ordinary + 1 sending max size" : "16 ordinary",
                count.ToString("N0", CultureInfo.InvariantCulture),
                p50.ToString("F3", CultureInfo.InvariantCulture),
                p99.ToString("F3", CultureInfo.InvariantCulture),
                max.ToString("F1", CultureInfo.InvariantCulture)));
        }
    }

    private static (int Count, double P50, double P99, double Max) Measure(bool hostile)
    {
        E2eeServer server = ServerLoad.Server("latency.example");
        Account account = ServerLoad.Keys("latency");
        DeviceCredential[] credentials = [.. Enumerable.Range(0, Devices).Select(i => ServerLoad.Register(server, account, $"d{i}"))];

        byte[] hostileCiphertext = new byte[WireLimits.Default.MaxCiphertextBytes];
        var latencies = new List<double>[Devices];
        var stop = Stopwatch.StartNew();
        Thread[] threads = [.. Enumerable.Range(0, Devices).Select(i => new Thread(() => latencies[i] = Loop(server, credentials, i, hostile && i == 0 ? hostileCiphertext : null, stop)))];
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());

        double[] ordinary = [.. latencies.Skip(hostile ? 1 : 0).SelectMany(l => l).Order()];
        return (ordinary.Length, Percentile(ordinary, 0.50), Percentile(ordinary, 0.99), ordinary[^1]);
    }

    /// <summary>One device's loop: send to the next device, consume its own inbox; the latencies of its requests.</summary>
    private static List<double> Loop(E2eeServer server, DeviceCredential[] credentials, int self, byte[]? ciphertext, Stopwatch stop)
    {
        var latencies = new List<double>(100_000);
        DeviceCredential me = credentials[self];
        DeviceCredential to = credentials[(self + 1) % credentials.Length];
        long n = 0;
        var clock = new Stopwatch();
        while (stop.Elapsed < Duration)
        {
            byte[] request = new Wire.SendOne2oneMsgRequest
            {
                Msg = new Wire.E2eeMsg
                {
                    Version = "E2EE_PROTOCOL_V1",
                    From = me.Address,
                    To = to.Address,
                    MsgId = $"{self}-{++n}",
                    SessionId = "s",
                    One2OneMsg = new Wire.One2oneMsgPayload { Ciphertext = ByteString.CopyFrom(ciphertext ?? new byte[64]), RatchetKey = ByteString.CopyFrom(new byte[32]) },
                },
            }.ToByteArray();
            clock.Restart();
            server.Handle(RequestType.SendOne2oneMsg, me, request);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            foreach (Wire.ProtoMsg m in server.Pending(me.Address))
            {
                clock.Restart();
                server.Handle(RequestType.ConsumeProtoMsg, me, new Wire.ConsumeProtoMsgRequest { ProtoMsgId = m.Tag.ProtoMsgId }.ToByteArray());
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return latencies;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}

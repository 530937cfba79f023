using System.Text.Json.Nodes;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer;
using E2eeConformance.InMemoryServer.Delivery;

namespace E2eeConformance.Adapter.Tests.Support;

/// <summary>
/// An in-memory server with shim processes as its devices: starts them (our engine's shim or the hostile one), runs
/// commands on them with the server serving their requests, delivers what waits for them, and keeps their events.
/// </summary>
internal sealed class ShimWorld : IDisposable
{
    public const string Domain = "e2ee.test";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"e2ee-shims-{Guid.NewGuid():N}");
    private readonly List<ShimProcess> _started = [];

    public ShimWorld() => Directory.CreateDirectory(_root);

    public E2eeServer Server { get; } = new(new E2eeServerOptions { Domain = Domain }, TimeProvider.System, null, ManualDelivery.Instance);

    /// <summary>Every event of every device, by device name, in order (an event raised again with a known id is kept once).</summary>
    public Dictionary<string, List<JsonObject>> Events { get; } = new(StringComparer.Ordinal);

    public long NowMs { get; set; } = 1_751_371_200_000;

    public static string EngineShim => Path.Combine(AppContext.BaseDirectory, "E2eeConformance.Shim.dll");

    public static string HostileShim => Path.Combine(AppContext.BaseDirectory, "E2eeConformance.HostileShim.dll");

    /// <summary>Starts a .NET shim (<paramref name="assembly"/>) for the device <paramref name="name"/> (its store directory is named after it).</summary>
    public ShimProcess Start(string name, string assembly, IEnumerable<string>? arguments = null, TimeSpan? timeout = null, int maxLineBytes = AdapterProtocol.MaxLineBytes) =>
        StartProgram(name, AdapterProtocol.DotnetHost(), [assembly, .. arguments ?? []], timeout, maxLineBytes);

    /// <summary>Starts any shim program for the device <paramref name="name"/>.</summary>
    public ShimProcess StartProgram(string name, string program, IEnumerable<string> arguments, TimeSpan? timeout = null, int maxLineBytes = AdapterProtocol.MaxLineBytes)
    {
        string store = Path.Combine(_root, name.Replace('/', '_'));
        ShimProcess shim = ShimProcess.Start(program, arguments, store, timeout ?? TimeSpan.FromSeconds(60), maxLineBytes);
        _started.Add(shim);
        return shim;
    }

    /// <summary>Runs a command on <paramref name="shim"/> (device <paramref name="name"/>); the clock moves one second first.</summary>
    public ShimAnswer Run(ShimProcess shim, string name, string command, JsonObject? fields = null)
    {
        NowMs += 1000;
        List<JsonObject> events = EventsOf(name);
        return shim.Command(command, NowMs, fields, Serve, e =>
        {
            if (e["id"] is null || !events.Any(k => k["id"]?.ToJsonString() == e["id"]!.ToJsonString()))
            {
                events.Add(e);
            }
        });
    }

    /// <summary>Registers device 1 of <paramref name="user"/>; returns its address.</summary>
    public E2eeAddress Register(ShimProcess shim, string user, string suite)
    {
        ShimAnswer answer = Run(shim, $"{user}/1", "register", new JsonObject { ["suite"] = suite, ["domain"] = Domain, ["user"] = user, ["device"] = "1" });
        answer.IsResult.Should().BeTrue(answer.Message.ToJsonString());
        return E2eeAddress.Parser.ParseFrom(JsonFields.Bytes(answer.Message, "address"));
    }

    /// <summary>Delivers every message waiting for each device, one `deliver` command each, until none waits.</summary>
    public void DeliverAll(params (ShimProcess Shim, string Name, E2eeAddress Address)[] devices)
    {
        for (int round = 0; round < 1000; round++)
        {
            bool any = false;
            foreach ((ShimProcess shim, string name, E2eeAddress address) in devices)
            {
                foreach (ProtoMsg message in Server.Pending(address))
                {
                    any = true;
                    ShimAnswer answer = Run(shim, name, "deliver", new JsonObject { ["proto_msg"] = Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(message)) });
                    answer.IsResult.Should().BeTrue(answer.Message.ToJsonString());
                }
            }

            if (!any)
            {
                return;
            }
        }

        Assert.Fail("the devices did not become quiet");
    }

    public List<JsonObject> EventsOf(string name)
    {
        if (!Events.TryGetValue(name, out List<JsonObject>? events))
        {
            events = [];
            Events[name] = events;
        }

        return events;
    }

    /// <summary>The texts <paramref name="name"/> received (one-to-one or group, as <paramref name="kind"/> says), in order.</summary>
    public List<string> TextsReceived(string name, string kind = "message_received") =>
        EventsOf(name).Where(e => e["event"]?.GetValue<string>() == kind).Select(e => System.Text.Encoding.UTF8.GetString(JsonFields.Bytes(e, "text"))).ToList();

    public void Dispose()
    {
        foreach (ShimProcess shim in _started)
        {
            shim.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A store still open by a process being reaped; the folder is in the temp directory.
        }
    }

    private byte[] Serve(RequestType type, DeviceCredential? credential, byte[] body) => Server.Handle(type, credential, body);
}

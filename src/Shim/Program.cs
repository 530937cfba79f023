using System.Reflection;
using System.Text.Json.Nodes;
using E2eeConformance.Adapter;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Shim;

// Our engine as a shim (docs/ADAPTER.md): the handshake, then one command at a time until shutdown or the end of input.
// Exit status: 0 after shutdown or when the harness closed the stream; 2 when the command line is wrong, there is no
// store directory or the harness breaks the protocol (the reason goes to standard error).
// `--deviate NAME[,NAME…]` makes it a deliberately deviant implementation (issue 13 §4): every device it registers
// reproduces those deviations of the reference (ProtocolDeviationNames), and the hello names them.
ProtocolDeviations deviations = ProtocolDeviations.None;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] != "--deviate" || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"unexpected argument '{args[i]}' (usage: [--deviate NAME[,NAME…]], names: {string.Join(", ", ProtocolDeviationNames.All.Select(d => d.Name))})");
        return 2;
    }

    try
    {
        deviations |= ProtocolDeviationNames.Parse(args[++i]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"--deviate: {e.Message}");
        return 2;
    }
}

string? storeDirectory = Environment.GetEnvironmentVariable(AdapterProtocol.StoreVariable);
if (string.IsNullOrEmpty(storeDirectory))
{
    Console.Error.WriteLine($"{AdapterProtocol.StoreVariable} is not set: the harness names the store directory");
    return 2;
}

Directory.CreateDirectory(storeDirectory);
var channel = new LineChannel(new BufferedStream(Console.OpenStandardInput()), new BufferedStream(Console.OpenStandardOutput()));
try
{
    JsonObject? hello = channel.Read();
    if (hello is null)
    {
        return 0;
    }

    if (JsonFields.TypeOf(hello) != "hello" || JsonFields.Long(hello, "protocol") != AdapterProtocol.Version)
    {
        Console.Error.WriteLine($"expected hello version {AdapterProtocol.Version}, got {hello.ToJsonString()}");
        return 2;
    }

    channel.Write(new JsonObject
    {
        ["type"] = "hello",
        ["protocol"] = AdapterProtocol.Version,
        ["implementation"] = deviations == ProtocolDeviations.None
            ? "e2ee-conformance-engine"
            : $"e2ee-conformance-engine (deviant: {ProtocolDeviationNames.Format(deviations)})",
        ["version"] = typeof(ShimSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
        ["suites"] = new JsonArray([.. ShimSession.Suites.Select(s => (JsonNode?)s)]),
        ["capabilities"] = new JsonArray([.. ShimSession.Capabilities.Select(c => (JsonNode?)c)]),
    });

    using var session = new ShimSession(channel, storeDirectory, deviations);
    while (channel.Read() is { } command)
    {
        if (JsonFields.TypeOf(command) != "command")
        {
            Console.Error.WriteLine($"expected a command, got {command.ToJsonString()}");
            return 2;
        }

        channel.Write(session.Run(command));
        if (JsonFields.String(command, "command") == "shutdown")
        {
            return 0;
        }
    }

    return 0;
}
catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
{
    Console.Error.WriteLine($"the harness broke the protocol or went away: {e.Message}");
    return 2;
}

using System.Text;
using System.Text.Json.Nodes;
using E2eeConformance.Adapter;

// A shim that misbehaves in one way, named by its argument: hang-hello, bad-hello, hang-command, crash, garbage,
// wrong-id, flood, long-line, not-reading, duplicate-key, bad-utf8, bad-event, response. It behaves until the first command (or the handshake), then does that.
string mode = args.Length > 0 ? args[0] : "";
Stream input = new BufferedStream(Console.OpenStandardInput());
Stream output = new BufferedStream(Console.OpenStandardOutput());
if (JsonLines.Read(input) is null)
{
    return 0;
}

Console.Error.WriteLine($"hostile shim: {mode}");
switch (mode)
{
    case "hang-hello":
        Thread.Sleep(Timeout.Infinite);
        return 0;
    case "bad-hello":
        JsonLines.Write(output, new JsonObject { ["type"] = "hello", ["protocol"] = 2, ["implementation"] = "hostile" });
        Thread.Sleep(Timeout.Infinite);
        return 0;
}

JsonLines.Write(output, new JsonObject
{
    ["type"] = "hello",
    ["protocol"] = AdapterProtocol.Version,
    ["implementation"] = "hostile",
    ["suites"] = new JsonArray("ecc"),
    ["capabilities"] = new JsonArray(),
});
JsonObject? command = JsonLines.Read(input);
long id = command?["id"]?.GetValue<long>() ?? 0;
switch (mode)
{
    case "hang-command":
        break;
    case "crash":
        Console.Error.WriteLine("boom: the shim fell over");
        return 3;
    case "garbage":
        Raw("this is not JSON\n"u8);
        break;
    case "wrong-id":
        JsonLines.Write(output, new JsonObject { ["type"] = "result", ["id"] = id + 100 });
        break;
    case "flood":
        while (true)
        {
            JsonLines.Write(output, new JsonObject { ["type"] = "event", ["event"] = "noise", ["text"] = "bm9pc2U=" });
        }

    case "long-line":
        Raw(Encoding.ASCII.GetBytes(new string('x', 2 * 1024 * 1024)));
        break;
    case "not-reading":
        // Never reads the response: the harness's write fills the pipe.
        JsonLines.Write(output, new JsonObject { ["type"] = "request", ["id"] = 1, ["request"] = "heartbeat", ["address"] = "", ["token"] = "", ["body"] = "" });
        break;
    case "duplicate-key":
        Raw("{\"type\":\"event\",\"type\":\"result\",\"id\":1}\n"u8);
        break;
    case "bad-utf8":
        Raw([.. "{\"type\":\"event\",\"event\":\""u8, 0xFF, 0xFE, .. "\"}\n"u8]);
        break;
    case "bad-event":
        JsonLines.Write(output, new JsonObject { ["type"] = "event", ["event"] = "message_received" });
        JsonLines.Write(output, new JsonObject { ["type"] = "result", ["id"] = id, ["address"] = "" });
        break;
    case "response":
        JsonLines.Write(output, new JsonObject { ["type"] = "response", ["id"] = 1, ["body"] = "" });
        break;
    default:
        JsonLines.Write(output, new JsonObject { ["type"] = "unimplemented", ["id"] = id, ["reason"] = $"no mode '{mode}'" });
        return 0;
}

Thread.Sleep(Timeout.Infinite); // after misbehaving, it never answers again
return 0;

void Raw(ReadOnlySpan<byte> bytes)
{
    output.Write(bytes);
    output.Flush();
}

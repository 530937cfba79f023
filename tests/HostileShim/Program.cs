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
        Thread.Sleep(Timeout.Infinite);
        break;
    case "crash":
        Console.Error.WriteLine("boom: the shim fell over");
        return 3;
    case "garbage":
        output.Write("this is not JSON\n"u8);
        output.Flush();
        Thread.Sleep(Timeout.Infinite);
        break;
    case "wrong-id":
        JsonLines.Write(output, new JsonObject { ["type"] = "result", ["id"] = id + 100 });
        Thread.Sleep(Timeout.Infinite);
        break;
    case "flood":
        while (true)
        {
            JsonLines.Write(output, new JsonObject { ["type"] = "event", ["event"] = "noise", ["text"] = "bm9pc2U=" });
        }

    case "long-line":
        output.Write(Encoding.ASCII.GetBytes(new string('x', 2 * 1024 * 1024)));
        output.Flush();
        Thread.Sleep(Timeout.Infinite);
        break;
    case "not-reading":
        JsonLines.Write(output, new JsonObject { ["type"] = "request", ["id"] = 1, ["request"] = "heartbeat", ["address"] = "", ["token"] = "", ["body"] = "" });
        Thread.Sleep(Timeout.Infinite); // never reads the response: the harness's write fills the pipe
        break;
    case "duplicate-key":
        output.Write("{\"type\":\"event\",\"type\":\"result\",\"id\":1}\n"u8);
        output.Flush();
        Thread.Sleep(Timeout.Infinite);
        break;
    case "bad-utf8":
        output.Write([.. "{\"type\":\"event\",\"event\":\""u8, 0xFF, 0xFE, .. "\"}\n"u8]);
        output.Flush();
        Thread.Sleep(Timeout.Infinite);
        break;
    case "bad-event":
        JsonLines.Write(output, new JsonObject { ["type"] = "event", ["event"] = "message_received" });
        JsonLines.Write(output, new JsonObject { ["type"] = "result", ["id"] = id, ["address"] = "" });
        Thread.Sleep(Timeout.Infinite);
        break;
    case "response":
        JsonLines.Write(output, new JsonObject { ["type"] = "response", ["id"] = 1, ["body"] = "" });
        Thread.Sleep(Timeout.Infinite);
        break;
    default:
        JsonLines.Write(output, new JsonObject { ["type"] = "unimplemented", ["id"] = id, ["reason"] = $"no mode '{mode}'" });
        break;
}

return 0;

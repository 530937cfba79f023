using System.Text.Json.Nodes;
using E2eeConformance.Adapter;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using Google.Protobuf;

namespace E2eeConformance.Shim;

/// <summary>
/// The shim's two channels to the harness over its standard input and output (docs/ADAPTER.md): requests out and their
/// responses in (the wire channel, an <see cref="ExchangeTransport"/>'s exchange), events and answers out.
/// </summary>
internal sealed class LineChannel(Stream input, Stream output)
{
    private long _nextRequestId = 1;

    /// <summary>The next line from the harness; null when it closed the stream.</summary>
    public JsonObject? Read() => JsonLines.Read(input);

    public void Write(JsonObject message) => JsonLines.Write(output, message);

    /// <summary>One request of the wire channel: a <c>request</c> line out, its <c>response</c> line in.</summary>
    /// <exception cref="InvalidDataException">The harness answered with something else.</exception>
    public byte[] Exchange(RequestType type, DeviceCredential? credential, byte[] body)
    {
        long id = _nextRequestId++;
        Write(new JsonObject
        {
            ["type"] = "request",
            ["id"] = id,
            ["request"] = RequestNames.Of(type),
            ["address"] = credential is null ? "" : Convert.ToBase64String(credential.Address.ToByteArray()),
            ["token"] = credential?.Token ?? "",
            ["body"] = Convert.ToBase64String(body),
        });
        JsonObject response = Read() ?? throw new EndOfStreamException("the harness closed the stream");
        return JsonFields.TypeOf(response) == "response" && JsonFields.Long(response, "id") == id
            ? JsonFields.Bytes(response, "body")
            : throw new InvalidDataException($"expected the response to request {id}, got {response.ToJsonString()}");
    }
}

using System.Text.Json.Nodes;

namespace E2eeConformance.Adapter;

/// <summary>A shim's handshake (docs/ADAPTER.md, "Handshake"): who it is, which suites and capabilities it has.</summary>
public sealed record ShimHello(string Implementation, string Version, IReadOnlyList<string> Suites, IReadOnlyList<string> Capabilities)
{
    /// <summary>Before the handshake.</summary>
    public static ShimHello None { get; } = new("", "", [], []);

    public bool Supports(string suite) => Suites.Contains(suite, StringComparer.Ordinal);

    public bool Can(string capability) => Capabilities.Contains(capability, StringComparer.Ordinal);

    /// <summary>Reads the shim's <c>hello</c>.</summary>
    /// <exception cref="InvalidDataException">Not a <c>hello</c> of protocol version 1, or a field is missing or of the wrong type.</exception>
    public static ShimHello Parse(JsonObject hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        if (JsonFields.TypeOf(hello) != "hello")
        {
            throw new InvalidDataException($"the handshake's answer is a '{JsonFields.TypeOf(hello)}', not a 'hello'");
        }

        long protocol = JsonFields.Long(hello, "protocol");
        return protocol != AdapterProtocol.Version
            ? throw new InvalidDataException($"the shim speaks protocol {protocol}, not {AdapterProtocol.Version}")
            : new ShimHello(JsonFields.String(hello, "implementation"), JsonFields.Optional(hello, "version") ?? "", Strings(hello, "suites"), Strings(hello, "capabilities"));
    }

    private static List<string> Strings(JsonObject hello, string field) =>
        hello[field] is JsonArray list
            ? list.Select(n => n is JsonValue v && v.TryGetValue(out string? s) ? s : throw new InvalidDataException($"'{field}' holds a value that is not a string")).ToList()
            : throw new InvalidDataException($"'{field}' is missing from the hello or not a list");
}

using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// Reading and writing the vector file's fields: bytes as lower-case hex, text as JSON strings; a missing or mistyped
/// field is a <see cref="KeyNotFoundException"/> or <see cref="FormatException"/>, which the verifier reports as a case
/// it cannot read.
/// </summary>
internal static class VectorJson
{
    /// <summary>Indented, with text (ids, bodies, base-64) unescaped, as the committed file is written.</summary>
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static JsonArray HexArray(IEnumerable<byte[]> values) => [.. values.Select(v => (JsonNode)Hex(v))];

    public static JsonArray TextArray(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];

    public static string Text(JsonNode node, string field) =>
        OptionalText(node, field) ?? throw new KeyNotFoundException($"no text field {field}");

    public static string? OptionalText(JsonNode node, string field) => node[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => throw new FormatException($"{field} is not text"),
    };

    public static byte[] Bytes(JsonNode node, string field) => Convert.FromHexString(Text(node, field));

    public static int Int(JsonNode node, string field) =>
        OptionalInt(node, field) ?? throw new KeyNotFoundException($"no number field {field}");

    public static int? OptionalInt(JsonNode node, string field) => node[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out int i) => i,
        _ => throw new FormatException($"{field} is not a whole number"),
    };

    public static IReadOnlyList<string> Texts(JsonNode node, string field) =>
        Array(node, field).Select(e => e is JsonValue v && v.TryGetValue(out string? s) ? s : throw new FormatException($"{field} holds something other than text")).ToList();

    public static JsonArray Array(JsonNode node, string field) =>
        node[field] as JsonArray ?? throw new KeyNotFoundException($"no array field {field}");

    public static JsonObject Object(JsonNode node, string field) =>
        node[field] as JsonObject ?? throw new KeyNotFoundException($"no object field {field}");

    /// <summary>A two-byte GREET_TYPE written as four hex digits.</summary>
    public static ushort GreetType(JsonNode node, string field)
    {
        byte[] bytes = Bytes(node, field);
        return bytes.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : throw new FormatException($"{field} is two bytes");
    }

    public static string GreetTypeHex(ushort value) => Hex([(byte)(value >> 8), unchecked((byte)value)]);

    /// <summary>The node as its text reads back (numbers of one kind, so written and read files compare alike).</summary>
    public static JsonNode Normal(JsonNode node) => JsonNode.Parse(node.ToJsonString())!;

    /// <summary>The outcome of a twin: the stable code of its refusal (<see cref="MpencErrorCodes"/>), or <c>accepted</c>.</summary>
    public static string Outcome(Action receive)
    {
        try
        {
            receive();
            return Accepted;
        }
        catch (MpencException e)
        {
            return MpencErrorCodes.Name(e.Code);
        }
    }

    /// <summary>The outcome of a twin that was not refused: never in a correct file.</summary>
    public const string Accepted = "accepted";
}

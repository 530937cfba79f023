using System.Text.Json.Nodes;

namespace E2eeConformance.Vectors;

/// <summary>Typed access to vector JSON, failing with a <see cref="VectorFormatException"/> that names the path.</summary>
internal static class Json
{
    public static JsonNode Node(this JsonNode? node, string path)
    {
        return node.Optional(path) ?? throw new VectorFormatException($"missing field {path}");
    }

    public static JsonNode? Optional(this JsonNode? node, string path)
    {
        JsonNode? current = node;
        foreach (string part in path.Split('.'))
        {
            current = current is JsonObject o && o.TryGetPropertyValue(part, out JsonNode? next) ? next : null;
        }

        return current;
    }

    public static bool Has(this JsonNode? node, string path) => node.Optional(path) is not null;

    public static byte[] Bytes(this JsonNode? node, string path) => Hex.Parse(node.Str(path), path);

    public static string Str(this JsonNode? node, string path)
    {
        JsonNode n = node.Node(path);
        return n is JsonValue v && v.TryGetValue(out string? s) ? s : throw new VectorFormatException($"{path} is not a string");
    }

    public static long Long(this JsonNode? node, string path) =>
        TryLong(node.Node(path)) ?? throw new VectorFormatException($"{path} is not a number");

    /// <summary>The number at <paramref name="path"/>, or null when the field is absent or not an integer.</summary>
    public static long? OptionalLong(this JsonNode? node, string path) => TryLong(node.Optional(path));

    public static uint UInt(this JsonNode? node, string path)
    {
        long value = node.Long(path);
        return value is >= 0 and <= uint.MaxValue ? (uint)value : throw new VectorFormatException($"{path} = {value} is not a 32-bit unsigned number");
    }

    /// <summary>A parsed file's numbers read as long; a node built in memory (a test's edit) holds the type it was given.</summary>
    private static long? TryLong(JsonNode? n) =>
        n is not JsonValue v ? null
        : v.TryGetValue(out long l) ? l
        : v.TryGetValue(out int i) ? i
        : v.TryGetValue(out uint u) ? u
        : null;

    public static JsonArray Array(this JsonNode? node, string path) =>
        node.Node(path) as JsonArray ?? throw new VectorFormatException($"{path} is not an array");
}

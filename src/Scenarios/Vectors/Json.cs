using System.Text.Json.Nodes;

namespace E2eeConformance.Scenarios.Vectors;

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

    public static long Long(this JsonNode? node, string path)
    {
        JsonNode n = node.Node(path);
        return n is JsonValue v && v.TryGetValue(out long l) ? l : throw new VectorFormatException($"{path} is not a number");
    }

    public static uint UInt(this JsonNode? node, string path) => checked((uint)node.Long(path));

    public static JsonArray Array(this JsonNode? node, string path) =>
        node.Node(path) as JsonArray ?? throw new VectorFormatException($"{path} is not an array");
}

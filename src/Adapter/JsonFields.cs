using System.Text.Json;
using System.Text.Json.Nodes;

namespace E2eeConformance.Adapter;

/// <summary>Reading the fields of an adapter message: a missing or badly typed field is an <see cref="InvalidDataException"/>.</summary>
public static class JsonFields
{
    public static string String(JsonObject message, string field) =>
        Optional(message, field) ?? throw new InvalidDataException($"'{field}' is missing from a {TypeOf(message)} message");

    /// <summary>The string field, or null when absent.</summary>
    public static string? Optional(JsonObject message, string field)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message[field] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw new InvalidDataException($"'{field}' of a {TypeOf(message)} message is not a string"),
        };
    }

    public static long Long(JsonObject message, string field)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long n)
            ? n
            : throw new InvalidDataException($"'{field}' of a {TypeOf(message)} message is not an integer");
    }

    public static byte[] Bytes(JsonObject message, string field)
    {
        try
        {
            return Convert.FromBase64String(String(message, field));
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"'{field}' of a {TypeOf(message)} message is not base64");
        }
    }

    /// <summary>The message's <c>type</c>; an <see cref="InvalidDataException"/> when it has none.</summary>
    public static string TypeOf(JsonObject message) =>
        message?["type"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new InvalidDataException("a message without a 'type'");
}

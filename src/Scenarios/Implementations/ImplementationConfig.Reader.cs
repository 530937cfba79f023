using System.Text.Json;

namespace E2eeConformance.Scenarios.Implementations;

/// <summary>The typed field reads of an implementation config, each failure naming the file and the field.</summary>
public static partial class ImplementationConfig
{
    private sealed class Reader(string source)
    {
        public string Source => source;

        public void OnlyKnown(JsonElement obj, string where, IReadOnlyCollection<string> known)
        {
            foreach (JsonProperty p in obj.EnumerateObject())
            {
                if (!known.Contains(p.Name))
                {
                    throw Invalid(source, $"{where}: unknown field '{p.Name}' (known: {string.Join(", ", known)})");
                }
            }
        }

        public string RequiredString(JsonElement obj, string field, string where = "the config") =>
            OptionalString(obj, field, where) is { Length: > 0 } value ? value : throw Invalid(source, $"{where}: '{field}' is required (a non-empty string)");

        public string? OptionalString(JsonElement obj, string field, string where = "the config") =>
            !obj.TryGetProperty(field, out JsonElement value) ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw Invalid(source, $"{where}: '{field}' must be a string");

        public List<string>? StringList(JsonElement obj, string field, bool required, string where = "the config")
        {
            if (!obj.TryGetProperty(field, out JsonElement value))
            {
                return required ? throw Invalid(source, $"{where}: '{field}' is required (a list of strings)") : null;
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                throw Invalid(source, $"{where}: '{field}' must be a list of strings");
            }

            return [.. value.EnumerateArray().Select(e => e.GetString()!)];
        }

        public IEnumerable<JsonElement> Objects(JsonElement obj, string field)
        {
            if (!obj.TryGetProperty(field, out JsonElement value))
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
            {
                throw Invalid(source, $"'{field}' must be a list of objects");
            }

            return [.. value.EnumerateArray()];
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace E2eeConformance.Scenarios.Conformance;

/// <summary>
/// The whitepaper behaviours a conformance report judges (<c>Conformance/behaviours.json</c>, embedded): each with
/// the catalog scenarios, and the tags, that check it. Every catalog scenario checks at least one (a test holds it so).
/// </summary>
public static class BehaviourCatalog
{
    private const string Resource = "conformance/behaviours.json";

    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "e2ee-conformance/behaviours-v1";

    private static readonly Lazy<IReadOnlyList<Behaviour>> Loaded = new(Load);

    /// <summary>The behaviours, in the file's order.</summary>
    public static IReadOnlyList<Behaviour> All => Loaded.Value;

    private static IReadOnlyList<Behaviour> Load()
    {
        using Stream stream = typeof(BehaviourCatalog).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the embedded resource {Resource} is missing from the build");
        BehaviourFile file = JsonSerializer.Deserialize<BehaviourFile>(stream) ?? throw new InvalidDataException($"{Resource} is empty");
        if (file.Format != Format)
        {
            throw new InvalidDataException($"{Resource}: format '{file.Format}' is not '{Format}'");
        }

        return [.. file.Behaviours.Select(b => new Behaviour(b.Id, b.Title, b.Source, b.Scenarios ?? [], b.Tags ?? []) { Protocol = b.Protocol ?? Model.Scenario.DefaultProtocol })];
    }

    private sealed record BehaviourFile(
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("behaviours")] IReadOnlyList<BehaviourEntry> Behaviours);

    private sealed record BehaviourEntry(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("scenarios")] IReadOnlyList<string>? Scenarios,
        [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags,
        [property: JsonPropertyName("protocol")] string? Protocol);
}

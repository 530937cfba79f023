using System.Text.Json.Nodes;

namespace E2eeConformance.Vectors;

/// <summary>This project's own vector files (vectors/README.md): recognised by their <c>format</c> field.</summary>
internal static class OwnVectorFile
{
    public const string FormatPrefix = "e2ee-conformance/";

    public static bool Accepts(JsonNode root) => root.Optional("format")?.GetValue<string>()?.StartsWith(FormatPrefix, StringComparison.Ordinal) == true;

    public static IReadOnlyList<VectorCaseResult> Run(string file, JsonNode root) => root.Str("format") switch
    {
        OwnVectorGenerator.Format when ReferenceOne2OneReplay.Accepts(root) => ReferenceOne2OneReplay.Run(file, root),
        OwnPrimitiveVectors.Format => OwnPrimitiveVectors.Check(file, root),
        OwnGroupVectorGenerator.Format when ReferenceGroupReplay.Accepts(root) => ReferenceGroupReplay.Run(file, root),
        string other => [new VectorCaseResult(file, "file", VectorOutcome.Unsupported, [$"unknown format {other}"])],
    };
}

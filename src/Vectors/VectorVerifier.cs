using System.Text.Json;
using System.Text.Json.Nodes;

namespace E2eeConformance.Vectors;

/// <summary>
/// Checks vector files against the engine: one result per case. Recognises the reference schemas (primitives,
/// one-to-one, group), the sender-key, room-key and mpENC families' files (<c>family: sender-keys</c>, <c>family: room-keys</c>, <c>family: mpenc</c>) and this project's own files (<c>vectors/</c>, see vectors/README.md) by their fields.
/// </summary>
public static class VectorVerifier
{
    /// <summary>Every *.json file under a directory (sorted), or the one file given.</summary>
    public static IEnumerable<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [path];

    /// <summary>Reads and checks one file; an unreadable file is one failed case named <c>file</c>.</summary>
    public static IReadOnlyList<VectorCaseResult> VerifyFile(string path, string? displayName = null)
    {
        string name = displayName ?? path;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return [new VectorCaseResult(name, "file", VectorOutcome.Failed, [$"cannot read: {e.Message}"])];
        }

        return Verify(name, root);
    }

    /// <summary>Checks parsed vector JSON, choosing the reader by the file's fields (own format, primitives, one-to-one, group).</summary>
    public static IReadOnlyList<VectorCaseResult> Verify(string name, JsonNode? root)
    {
        if (root is null)
        {
            return [new VectorCaseResult(name, "file", VectorOutcome.Failed, ["empty JSON"])];
        }

        if (SenderKeys.Vectors.SenderKeyVectorFile.Accepts(root))
        {
            return [.. SenderKeys.Vectors.SenderKeyVectorFile.Verify(root).Select(c => new VectorCaseResult(name, c.Case, c.Passed ? VectorOutcome.Passed : VectorOutcome.Failed, c.Disagreements))];
        }

        if (RoomKeys.Vectors.RoomKeyVectorFile.Accepts(root))
        {
            return [.. RoomKeys.Vectors.RoomKeyVectorFile.Verify(root).Select(c => new VectorCaseResult(name, c.Case, c.Passed ? VectorOutcome.Passed : VectorOutcome.Failed, c.Disagreements))];
        }

        if (Mpenc.Vectors.MpencVectorFile.Accepts(root))
        {
            return [.. Mpenc.Vectors.MpencVectorFile.Verify(root).Select(c => new VectorCaseResult(name, c.Case, c.Passed ? VectorOutcome.Passed : VectorOutcome.Failed, c.Disagreements))];
        }

        if (OwnVectorFile.Accepts(root))
        {
            return OwnVectorFile.Run(name, root);
        }

        if (ReferencePrimitivesCheck.Accepts(root))
        {
            return ReferencePrimitivesCheck.Run(name, root);
        }

        if (ReferenceOne2OneReplay.Accepts(root))
        {
            return ReferenceOne2OneReplay.Run(name, root);
        }

        if (ReferenceGroupReplay.Accepts(root))
        {
            return ReferenceGroupReplay.Run(name, root);
        }

        return [new VectorCaseResult(name, "file", VectorOutcome.Unsupported, ["not a vector file of a known schema"])];
    }
}

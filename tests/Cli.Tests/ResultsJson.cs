using System.Text.Json;

namespace E2eeConformance.Cli.Tests;

/// <summary>Reads what a run wrote to results.json, the way another tool would (plain JSON, no harness types).</summary>
internal static class ResultsJson
{
    public static JsonElement Load(string reportDirectory)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(reportDirectory, "results.json")));
        return document.RootElement.Clone();
    }

    /// <summary>"scenario [suite] seed" of every record, in file order.</summary>
    public static IReadOnlyList<string> Runs(string reportDirectory) =>
        [.. Load(reportDirectory).GetProperty("runs").EnumerateArray()
            .Select(r => $"{r.GetProperty("scenario").GetString()} [{r.GetProperty("suite").GetString()}] {r.GetProperty("seed").GetString()}")];

    /// <summary>"scenario [suite] outcome" of every record, in file order.</summary>
    public static IReadOnlyList<string> Outcomes(string reportDirectory) =>
        [.. Load(reportDirectory).GetProperty("runs").EnumerateArray()
            .Select(r => $"{r.GetProperty("scenario").GetString()} [{r.GetProperty("suite").GetString()}] {r.GetProperty("outcome").GetString()}")];
}

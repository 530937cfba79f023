using System.Globalization;
using System.Text;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The file a shrunk failure is written to (issue 14 §3): <c>fuzz-SEED-N.yaml</c> (the campaign's seed and the run's
/// number), an ordinary scenario file whose first comment lines say where it came from, how it fails and how to replay
/// it; <c>e2ee-conformance run --file FILE</c> runs it with the suite it names.
/// </summary>
public static class FuzzArtifact
{
    /// <summary>The file name for run <paramref name="index"/> of the campaign that started at <paramref name="seed"/>.</summary>
    public static string FileName(ulong seed, int index) => string.Create(CultureInfo.InvariantCulture, $"fuzz-{seed}-{index}.yaml");

    /// <summary>The replay command for a written file.</summary>
    public static string ReplayCommand(string path) => $"e2ee-conformance run --file {path}";

    /// <summary>The shrunk scenario, named after its file, with the comment lines in front.</summary>
    public static string Text(ShrinkResult shrunk, ulong campaignSeed, int index)
    {
        ArgumentNullException.ThrowIfNull(shrunk);
        FuzzScenario scenario = Named(shrunk.Shrunk, campaignSeed, index);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Found by e2ee-conformance fuzz --seed {campaignSeed} (run {index}, seed {shrunk.Original.Seed}, profile {shrunk.Original.Profile.Name()}, suite {scenario.Suite}).\n");
        text.Append(CultureInfo.InvariantCulture, $"# Shrunk from {shrunk.Original.StepCount} steps and {shrunk.Original.Users.Count} users to {scenario.StepCount} steps and {scenario.Users.Count} users ({shrunk.Runs} candidate runs).\n");
        text.Append("# Fails with: ").Append(shrunk.Signature).Append('\n');
        text.Append("# Replay: ").Append(ReplayCommand(FileName(campaignSeed, index))).Append('\n');
        text.Append(scenario.Yaml);
        return text.ToString();
    }

    /// <summary>Writes the file into <paramref name="directory"/> (created when missing); returns its path.</summary>
    public static string Write(ShrinkResult shrunk, ulong campaignSeed, int index, string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName(campaignSeed, index));
        File.WriteAllText(path, Text(shrunk, campaignSeed, index));
        return path;
    }

    /// <summary>The scenario renamed after its file (<c>fuzz-SEED-N</c>).</summary>
    public static FuzzScenario Named(FuzzScenario scenario, ulong campaignSeed, int index)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario with
        {
            Name = Path.GetFileNameWithoutExtension(FileName(campaignSeed, index)),
            Description = $"Shrunk by the fuzzer from {scenario.Name}: the smallest scenario found that fails the same way.",
        };
    }
}

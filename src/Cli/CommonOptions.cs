using System.CommandLine;

namespace E2eeConformance.Cli;

/// <summary>Option definitions several commands share (each call makes a new option: a command owns its options).</summary>
internal static class CommonOptions
{
    public static Option<string[]> Scenarios() => new("--scenario")
    {
        Description = "Run this scenario (repeatable); default: the whole built-in catalog.",
        HelpName = "name",
        DefaultValueFactory = _ => [],
    };

    public static Option<string[]> Suites() => new("--suite")
    {
        Description = "Run with this cipher suite (repeatable; a name or a 0x pack id); default: every suite.",
        HelpName = "name",
        DefaultValueFactory = _ => [],
    };

    public static Option<string[]> Files(string description) => new("--file")
    {
        Description = description,
        HelpName = "path",
        DefaultValueFactory = _ => [],
    };

    public static Option<SeedChoice?> Seed(string description) => new("--seed")
    {
        Description = description,
        HelpName = "n|random",
        CustomParser = SeedChoice.Parse,
    };

    public static Option<int> Jobs() => new("--jobs")
    {
        Description = "How many runs at once (results are still reported in plan order).",
        HelpName = "n",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        CustomParser = result => WholeNumber(result, "--jobs", 1, MaxJobs),
    };

    public static Option<int> Seeds() => new("--seeds")
    {
        Description = "Run each scenario x suite with N seeds derived from the seed (--seed, or each scenario's own): the first is the seed itself, the others SplitMix64 outputs from it; each run prints its seed.",
        HelpName = "n",
        DefaultValueFactory = _ => 1,
        CustomParser = result => WholeNumber(result, "--seeds", 1, SeedSweep.MaxSeeds),
    };

    /// <summary>The most runs at once <c>--jobs</c> accepts.</summary>
    public const int MaxJobs = 1024;

    /// <summary>An option's whole-number value from <paramref name="min"/> to <paramref name="max"/>, or a parse error saying so.</summary>
    internal static int WholeNumber(System.CommandLine.Parsing.ArgumentResult result, string name, int min, int max)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} expects a whole number from {min} to {max}, found '{text}'"));
        return min;
    }
}

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

    public static Option<int> Jobs()
    {
        Option<int> jobs = new("--jobs")
        {
            Description = "How many runs at once (results are still reported in plan order).",
            HelpName = "n",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        jobs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--jobs must be at least 1");
            }
        });
        return jobs;
    }
}

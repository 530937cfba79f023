using System.Globalization;
using System.Text;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// A generated scenario as data (issue 14 §3): its name, seed, suite, users and steps. <see cref="Yaml"/> is an ordinary
/// scenario file (docs/SCENARIO-FORMAT.md) and <see cref="Load"/> reads it back with the normal loader, so what runs is
/// exactly what a file written from it replays. The shrinker makes smaller copies of it.
/// </summary>
/// <param name="Name">The scenario's name (<c>fuzz-groups-42</c>).</param>
/// <param name="Description">One sentence: the generator, profile and seed.</param>
/// <param name="Profile">The profile its steps were drawn from.</param>
/// <param name="Seed">The seed it was drawn from, also its run seed.</param>
/// <param name="Suite">The one suite it names (<c>suites: [ecc]</c>), so that <c>run --file</c> runs just that.</param>
/// <param name="Users">Each user and how many devices it registers.</param>
/// <param name="Steps">The steps, in order.</param>
public sealed record FuzzScenario(
    string Name,
    string Description,
    FuzzProfile Profile,
    ulong Seed,
    string Suite,
    IReadOnlyList<(string Name, int Devices)> Users,
    IReadOnlyList<FuzzStep> Steps)
{
    /// <summary>How many steps it has, nested steps included (a repeat's body counted once).</summary>
    public int StepCount => Steps.Sum(s => s.Count);

    /// <summary>The scenario file's text.</summary>
    public string Yaml
    {
        get
        {
            var yaml = new StringBuilder();
            yaml.Append("name: ").Append(Name).Append('\n');
            yaml.Append("description: \"").Append(Description.Replace("\"", "'", StringComparison.Ordinal)).Append("\"\n");
            yaml.Append("tags: [generated, fuzz, ").Append(Profile.Name()).Append("]\n");
            yaml.Append("suites: [").Append(Suite).Append("]\n");
            yaml.Append(CultureInfo.InvariantCulture, $"seed: {Seed}\n");
            yaml.Append("users:\n");
            foreach ((string user, int devices) in Users)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  {user}: {devices}\n");
            }

            yaml.Append("steps:\n");
            foreach (FuzzStep step in Steps)
            {
                step.Write(yaml, "  ");
            }

            return yaml.ToString();
        }
    }

    /// <summary>A file name for it, <c>NAME.yaml</c>.</summary>
    public string FileName => Name + ".yaml";

    /// <summary>The scenario the loader reads from <see cref="Yaml"/> (a generated scenario always loads).</summary>
    public Scenario Load() => ScenarioLoader.Parse(Yaml, FileName);
}

using System.Text.RegularExpressions;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>The patterns scenario names, user names, defined names and repeat variables must match.</summary>
internal static partial class ScenarioNamePatterns
{
    [GeneratedRegex(@"^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    public static partial Regex ScenarioNameRegex();

    [GeneratedRegex(@"^[a-z0-9_-]+$", RegexOptions.CultureInvariant)]
    public static partial Regex UserNameRegex();

    /// <summary>Names of messages, groups, adversary states and added devices: may contain <c>{var}</c> of an enclosing repeat.</summary>
    [GeneratedRegex(@"^(?:[A-Za-z0-9_.-]|\{[A-Za-z_][A-Za-z0-9_]*\})+$", RegexOptions.CultureInvariant)]
    public static partial Regex NameRegex();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    public static partial Regex VariableRegex();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    public static partial Regex VariableNameRegex();
}

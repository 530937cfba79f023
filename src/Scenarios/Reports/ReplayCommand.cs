using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// The command line that runs one result again, exactly: <c>e2ee-conformance replay --scenario X --suite Y --seed N</c>,
/// with <c>--file PATH</c> first when the scenario came from a file rather than the built-in catalog. Values a POSIX
/// shell would split or expand are single-quoted.
/// </summary>
public static class ReplayCommand
{
    /// <summary>The command's name (the Cli project's assembly; from a clone, <c>dotnet run --project src/Cli --</c>).</summary>
    public const string Tool = "e2ee-conformance";

    /// <summary>The replay command for <paramref name="result"/>.</summary>
    public static string For(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string file = result.SourceFile.Length > 0 && !BuiltInCatalog.IsSourcePath(result.SourceFile)
            ? $" --file {Quote(result.SourceFile)}"
            : string.Empty;
        string implementation = result.Implementation.Length > 0 ? $" --impl {Quote(result.Implementation)}" : string.Empty;
        return $"{Tool} replay{file} --scenario {Quote(result.Scenario)} --suite {Quote(result.Suite)} --seed {ReportFormat.Seed(result.Seed)}{implementation}";
    }

    /// <summary>The text as one shell word: as is when it is plain, else single-quoted.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '+' or ',' or '=')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}

using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>
/// The commands that run one result again, usable from any directory: the installed tool's
/// (<c>e2ee-conformance replay …</c>) and, from a source tree, <c>dotnet run --project &lt;absolute src/Cli&gt; -- replay …</c>.
/// A scenario file is named by its absolute path.
/// </summary>
internal static class ReplayHint
{
    /// <summary>The arguments after <c>replay</c>: <c>[--file ABS] --scenario X --suite Y --seed N [--include-disabled]</c>.</summary>
    public static string Arguments(ScenarioResult result, string? file, bool includeDisabled)
    {
        ArgumentNullException.ThrowIfNull(result);
        StringBuilder args = new();
        if (file is not null)
        {
            args.Append("--file ").Append(Quote(Path.GetFullPath(file))).Append(' ');
        }

        args.Append("--scenario ").Append(Quote(result.Scenario))
            .Append(" --suite ").Append(Quote(result.Suite))
            .Append(" --seed ").Append(ResultPrinter.Number(result.Seed));
        if (result.Implementation.Length > 0)
        {
            args.Append(" --impl ").Append(Quote(result.Implementation));
        }

        if (includeDisabled)
        {
            args.Append(" --include-disabled");
        }

        return args.ToString();
    }

    /// <summary>The installed tool's command.</summary>
    public static string ToolCommand(ScenarioResult result, string? file, bool includeDisabled) =>
        $"{ToolInfo.CommandName} replay {Arguments(result, file, includeDisabled)}";

    /// <summary>The <c>dotnet run</c> command, or null when this is not running from a source tree.</summary>
    public static string? SourceCommand(ScenarioResult result, string? file, bool includeDisabled) =>
        ToolInfo.ProjectDirectory is { } project
            ? $"dotnet run --project {Quote(project)} -- replay {Arguments(result, file, includeDisabled)}"
            : null;

    /// <summary>Text as one shell word: as it is when it is plain, else in single quotes.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '+' or ',' or '=')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}

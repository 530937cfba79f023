using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>Loads YAML text into a representation model, turning YamlDotNet's errors into syntax errors with a position.</summary>
internal static class YamlDocumentLoader
{
    /// <summary>Parses the text; a YAML error becomes a <see cref="ScenarioFormatException"/> with the syntax code.</summary>
    public static YamlStream Load(string yaml, string fileName)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var parser = new TrackingParser(new Parser(scanner));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e) when (e.GetType() == typeof(YamlException) && e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal))
        {
            // The representation model refuses a mapping with a key written twice (e.g. a user listed twice).
            string key = e.Message["Duplicate key ".Length..];
            throw new ScenarioFormatException(
                ScenarioFormatException.DuplicateNameCode, SpanOf(fileName, e.Start), "each key at most once in a mapping", Invariant($"\"{key}\" a second time"), e);
        }
        catch (YamlException e)
        {
            // Some of YamlDotNet's errors carry no position (line 1, column 1, index 0): then the scanner's position, or
            // for an undefined alias the alias itself, is where the problem is.
            Mark at = e.Start;
            if (at.Index == 0 && at.Line <= 1 && at.Column <= 1)
            {
                at = e is AnchorNotFoundException && parser.FirstAlias(e.Message) is { } alias ? alias : scanner.CurrentPosition;
            }

            string? expected = e is AnchorNotFoundException ? "an anchor (&name) defined before its alias (*name)"
                : e.Message == TrackingParser.NestingTooDeep ? Invariant($"at most {ScenarioLoader.MaxNestingDepth} lists and mappings inside one another")
                : e.Message.Contains("quoted scalar", StringComparison.Ordinal) ? "a closing quote for the text that starts here"
                : null;
            throw SyntaxError(yaml, fileName, at, parser, e.Message, e, expected);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections; the scanner knows where it stopped.
            throw SyntaxError(yaml, fileName, scanner.CurrentPosition, parser, null, e);
        }

        YamlExpansion.Require(stream, fileName);
        return stream;
    }

    private static ScenarioFormatException SyntaxError(
        string yaml, string fileName, Mark at, TrackingParser parser, string? problem, Exception inner, string? expected = null)
    {
        if (expected is null && parser.InnermostOpenFlow is { } open)
        {
            (char opening, char closing, string what) = open.Sequence ? ('[', ']', "list") : ('{', '}', "mapping");
            expected = Invariant($"',' or '{closing}' in the {what} opened with '{opening}' at line {open.Start.Line}, column {open.Start.Column}");
        }

        expected ??= "well-formed YAML (consistent indentation, closed quotes and brackets)";

        string found = TextAt(yaml, at);
        if (!string.IsNullOrWhiteSpace(problem))
        {
            string p = problem.Trim().TrimEnd('.');
            found += " (" + char.ToLowerInvariant(p[0]) + p[1..] + ")";
        }

        return new ScenarioFormatException(ScenarioFormatException.SyntaxCode, SpanOf(fileName, at), expected, found, inner);
    }

    /// <summary>The text at a position: the rest of its line, or of the next line that has any, or "the end of the file".</summary>
    private static string TextAt(string yaml, Mark at)
    {
        string[] lines = yaml.Split('\n');
        long line = Math.Max(1, at.Line);
        long column = Math.Max(1, at.Column);
        for (long i = line - 1; i < lines.Length; i++)
        {
            string text = lines[i].TrimEnd('\r');
            if (i == line - 1)
            {
                text = column - 1 < text.Length ? text[(int)(column - 1)..] : string.Empty;
            }

            if (!string.IsNullOrWhiteSpace(text))
            {
                return Quote(text.Trim());
            }
        }

        return "the end of the file";
    }
}

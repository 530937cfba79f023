using E2eeConformance.Scenarios.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>How nodes and values are shown in error messages, and the positions errors name.</summary>
internal static class NodeText
{
    public static SourceSpan SpanOf(string file, Mark mark) => new(file, checked((int)mark.Line), checked((int)mark.Column));

    public static string Quote(string value)
    {
        string v = value
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
        return "\"" + (v.Length > 60 ? v[..57] + "..." : v) + "\"";
    }

    public static bool IsNull(YamlScalarNode s) =>
        s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static bool IsQuoted(YamlScalarNode s) => s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => Quote(s.Value ?? string.Empty),
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    public static string Preview(IEnumerable<string> names)
    {
        var list = names.Take(13).ToList();
        if (list.Count == 0)
        {
            return "none so far";
        }

        return list.Count > 12 ? string.Join(", ", list.Take(12)) + ", …" : string.Join(", ", list);
    }
}

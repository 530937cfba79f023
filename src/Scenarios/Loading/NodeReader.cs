using System.Globalization;
using E2eeConformance.Scenarios.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// Reads scalars, lists and keys of one file's nodes, failing with a <see cref="ScenarioFormatException"/> that names the
/// file, line and column.
/// </summary>
internal sealed class NodeReader(string file)
{
    public ScenarioFormatException Error(string code, YamlNode at, string expected, string found) =>
        new(code, Span(at), expected, found);

    public YamlScalarNode Key(YamlNode key)
    {
        if (key is YamlScalarNode s && !IsNull(s))
        {
            return s;
        }

        throw Error(ScenarioFormatException.BadValueCode, key, "a key (a plain name)", Describe(key));
    }

    public SourceSpan Span(YamlNode node) => SpanOf(file, node.Start);

    public string Text(YamlNode node, string expected, out YamlScalarNode scalar, bool allowEmpty = false)
    {
        if (node is not YamlScalarNode s || IsNull(s) || (!allowEmpty && string.IsNullOrEmpty(s.Value)))
        {
            throw Error(ScenarioFormatException.BadValueCode, node, expected, Describe(node));
        }

        scalar = s;
        return s.Value ?? string.Empty;
    }

    public string Text(YamlNode node, string expected) => Text(node, expected, out _);

    public long Integer(YamlNode node, long min, long max, string expected)
    {
        if (node is not YamlScalarNode s || IsNull(s))
        {
            throw Error(ScenarioFormatException.BadValueCode, node, expected, Describe(node));
        }

        string v = s.Value ?? string.Empty;
        if (IsQuoted(s))
        {
            throw Error(ScenarioFormatException.BadValueCode, node, expected, Invariant($"{Quote(v)} in quotes (a string)"));
        }

        if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
        {
            throw Error(ScenarioFormatException.BadValueCode, node, expected, Quote(v));
        }

        if (n < min || n > max)
        {
            throw Error(ScenarioFormatException.BadValueCode, node, expected, Invariant($"{n}"));
        }

        return n;
    }

    public int Int(YamlNode node, int min, string expected) =>
        checked((int)Integer(node, min, int.MaxValue, Invariant($"{expected} (an integer ≥ {min})")));

    public bool Bool(YamlNode node, string expected)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "True" or "TRUE" })
        {
            return true;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" or "False" or "FALSE" })
        {
            return false;
        }

        throw Error(ScenarioFormatException.BadValueCode, node, Invariant($"{expected} (true or false)"), Describe(node));
    }

    public YamlSequenceNode Sequence(YamlNode node, string expected, bool allowEmpty)
    {
        if (node is not YamlSequenceNode seq || (!allowEmpty && seq.Children.Count == 0))
        {
            throw Error(ScenarioFormatException.BadValueCode, node, expected, node is YamlSequenceNode ? "an empty list" : Describe(node));
        }

        return seq;
    }

    public List<string> TextList(YamlNode node, string expected, string itemExpected, bool allowEmptyList = false) =>
        [.. Sequence(node, expected, allowEmptyList).Children.Select(item => Text(item, itemExpected, out _))];

    public double Probability(YamlNode node, string expected)
    {
        string what = Invariant($"{expected} (a number from 0 to 1, e.g. 0.1)");
        if (node is not YamlScalarNode s || IsNull(s) || IsQuoted(s))
        {
            throw Error(ScenarioFormatException.BadValueCode, node, what, Describe(node));
        }

        string v = s.Value ?? string.Empty;
        if (!double.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double p) || !double.IsFinite(p) || p is < 0 or > 1)
        {
            throw Error(ScenarioFormatException.BadValueCode, node, what, Quote(v));
        }

        return p;
    }
}

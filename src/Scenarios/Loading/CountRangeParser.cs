using E2eeConformance.Scenarios.Model;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// Reads a count an expectation compares with (<see cref="CountRange"/>): a number (exactly), <c>{ at_least: N }</c>,
/// <c>{ at_most: N }</c> or <c>{ between: [A, B] }</c> with A ≤ B; every number from <c>min</c> to
/// <see cref="int.MaxValue"/>.
/// </summary>
internal sealed class CountRangeParser(NodeReader nodes)
{
    /// <summary>The keys of a range: exactly one of them.</summary>
    public static IReadOnlyList<string> RangeKeys { get; } = ["at_least", "at_most", "between"];

    /// <summary>Reads <paramref name="node"/> as an exact count or a range of counts of <paramref name="what"/>.</summary>
    public CountRange Read(YamlNode node, long min, string what)
    {
        string number = Invariant($"{what} ({min} to {int.MaxValue})");
        if (node is not YamlMappingNode)
        {
            return CountRange.Exactly(nodes.Integer(node, min, int.MaxValue, Invariant($"{number}, or {{ at_least | at_most | between }}")));
        }

        var f = new Fields(nodes, node, Invariant($"a range of {what}"), RangeKeys);
        f.AtLeastOne(RangeKeys);
        f.Exclusive("at_least", "at_most");
        f.Exclusive("at_least", "between");
        f.Exclusive("at_most", "between");
        if (f.Get("at_least") is { } least)
        {
            return CountRange.AtLeast(nodes.Integer(least, min, int.MaxValue, number));
        }

        if (f.Get("at_most") is { } most)
        {
            return CountRange.AtMost(nodes.Integer(most, min, int.MaxValue, number));
        }

        const string pair = "[A, B]: the smallest and the largest count accepted, A ≤ B";
        YamlSequenceNode bounds = nodes.Sequence(f.Get("between")!, pair, allowEmpty: false);
        if (bounds.Children.Count != 2)
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, bounds, pair, Invariant($"a list of {bounds.Children.Count}"));
        }

        long a = nodes.Integer(bounds.Children[0], min, int.MaxValue, number);
        long b = nodes.Integer(bounds.Children[1], min, int.MaxValue, number);
        return a <= b ? CountRange.Between(a, b) : throw nodes.Error(ScenarioFormatException.BadValueCode, bounds, pair, Invariant($"[{a}, {b}]"));
    }

}

using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// Bounds what aliases make of a file. An alias (<c>*name</c>) stands for its anchor's whole node, so a few lines that
/// alias lists of aliases stand for a document of billions of nodes (the "billion laughs"), or nest deeper than the text
/// shows. Before anything is read, each node's size and depth as its aliases expand is measured once (shared nodes are
/// measured once): a file past <see cref="ScenarioLoader.MaxYamlNodes"/> nodes or
/// <see cref="ScenarioLoader.MaxNestingDepth"/> levels is refused at the node where it passes the limit.
/// </summary>
internal static class YamlExpansion
{
    /// <summary>Refuses a document whose expansion is too large or too deep.</summary>
    /// <exception cref="ScenarioFormatException">The expansion passes a limit (<c>scenario_bad_value</c>).</exception>
    public static void Require(YamlStream stream, string fileName)
    {
        var measured = new Dictionary<YamlNode, (long Size, int Height)>(ReferenceEqualityComparer.Instance);
        foreach (YamlDocument document in stream.Documents)
        {
            Measure(document.RootNode, 0, measured, fileName);
        }
    }

    /// <summary>The node's expanded size (nodes) and height (collections inside one another), at <paramref name="depth"/> collections deep.</summary>
    private static (long Size, int Height) Measure(YamlNode node, int depth, Dictionary<YamlNode, (long Size, int Height)> measured, string fileName)
    {
        if (measured.TryGetValue(node, out (long Size, int Height) known))
        {
            return depth + known.Height > ScenarioLoader.MaxNestingDepth ? throw TooDeep(node, fileName) : known;
        }

        IEnumerable<YamlNode> children = node switch
        {
            YamlSequenceNode sequence => sequence.Children,
            YamlMappingNode mapping => mapping.Children.SelectMany(pair => new[] { pair.Key, pair.Value }),
            _ => [],
        };
        bool collection = node is YamlSequenceNode or YamlMappingNode;
        if (collection && depth >= ScenarioLoader.MaxNestingDepth)
        {
            throw TooDeep(node, fileName);
        }

        measured[node] = (long.MaxValue, ScenarioLoader.MaxNestingDepth + 1); // a node met again inside itself is too large
        long size = 1;
        int height = 0;
        foreach (YamlNode child in children)
        {
            (long childSize, int childHeight) = Measure(child, collection ? depth + 1 : depth, measured, fileName);
            size = childSize > ScenarioLoader.MaxYamlNodes - size ? throw TooLarge(node, fileName) : size + childSize;
            height = Math.Max(height, childHeight);
        }

        (long Size, int Height) result = (size, collection ? height + 1 : 0);
        measured[node] = result;
        return result;
    }

    private static ScenarioFormatException TooLarge(YamlNode node, string fileName) =>
        new(ScenarioFormatException.BadValueCode, SpanOf(fileName, node.Start), Invariant($"at most {ScenarioLoader.MaxYamlNodes} YAML nodes with every alias (*name) expanded"), "more");

    private static ScenarioFormatException TooDeep(YamlNode node, string fileName) =>
        new(ScenarioFormatException.BadValueCode, SpanOf(fileName, node.Start), Invariant($"at most {ScenarioLoader.MaxNestingDepth} lists and mappings inside one another with every alias (*name) expanded"), "deeper nesting");
}

using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>The keys of one mapping, checked against the allowed ones.</summary>
internal sealed class Fields
{
    private readonly NodeReader _reader;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _byKey = new(StringComparer.Ordinal);
    private readonly List<string> _written = [];

    public Fields(NodeReader reader, YamlNode node, string what, IReadOnlyList<string> allowed, string? shape = null)
    {
        _reader = reader;
        What = what;
        if (node is not YamlMappingNode mapping)
        {
            throw reader.Error(
                ScenarioFormatException.BadValueCode, node, shape ?? Invariant($"a mapping ({string.Join(", ", allowed)}) for {what}"), Describe(node));
        }

        Node = mapping;
        foreach ((YamlNode k, YamlNode v) in mapping.Children)
        {
            YamlScalarNode key = reader.Key(k);
            string name = key.Value ?? string.Empty;
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw reader.Error(
                    ScenarioFormatException.UnknownKeyCode, key, Invariant($"one of the keys of {what}: {string.Join(", ", allowed)}"), Invariant($"key {Quote(name)}"));
            }

            _byKey.Add(name, (key, v));
            _written.Add(name);
        }
    }

    public string What { get; }

    public YamlMappingNode Node { get; }

    public bool Has(string key) => _byKey.ContainsKey(key);

    public YamlNode? Get(string key) => _byKey.TryGetValue(key, out var kv) ? kv.Value : null;

    public YamlScalarNode KeyNode(string key) => _byKey[key].Key;

    public YamlNode Require(string key, string description) =>
        Get(key) ?? throw _reader.Error(ScenarioFormatException.MissingKeyCode, Node, Invariant($"'{key}:' ({description}) in {What}"), DescribeKeys());

    /// <summary>Fails when both keys are written; names the one written later.</summary>
    public void Exclusive(string a, string b)
    {
        if (Has(a) && Has(b))
        {
            string later = _written.IndexOf(a) > _written.IndexOf(b) ? a : b;
            string earlier = later == a ? b : a;
            throw _reader.Error(
                ScenarioFormatException.ConflictingKeysCode, KeyNode(later), Invariant($"either '{earlier}' or '{later}' in {What}, not both"), Invariant($"both '{earlier}' and '{later}'"));
        }
    }

    /// <summary>Exactly one of the two keys must be written.</summary>
    public void ExactlyOne(string a, string b, string description)
    {
        Exclusive(a, b);
        if (!Has(a) && !Has(b))
        {
            throw _reader.Error(ScenarioFormatException.MissingKeyCode, Node, Invariant($"'{a}:' or '{b}:' ({description}) in {What}"), DescribeKeys());
        }
    }

    /// <summary>At least one of the keys must be written.</summary>
    public void AtLeastOne(IReadOnlyList<string> keys, string orElse = "")
    {
        if (!keys.Any(Has))
        {
            throw _reader.Error(
                ScenarioFormatException.MissingKeyCode, Node, Invariant($"at least one of {string.Join(", ", keys)} in {What}{orElse}"), DescribeKeys());
        }
    }

    /// <summary>Both keys or neither.</summary>
    public void Together(string a, string b, string description)
    {
        if (Has(a) != Has(b))
        {
            string missing = Has(a) ? b : a;
            string present = Has(a) ? a : b;
            throw _reader.Error(
                ScenarioFormatException.MissingKeyCode, KeyNode(present), Invariant($"'{missing}:' ({description}) with '{present}:' in {What}"), DescribeKeys());
        }
    }

    private string DescribeKeys() =>
        _written.Count == 0 ? Invariant($"an empty {What}") : Invariant($"{What} with only {string.Join(", ", _written)}");
}

using System.Text.RegularExpressions;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>Names defined by earlier steps (messages, groups, adversary states), with where each was defined.</summary>
internal sealed class NameTable(string what, string definedBy)
{
    private readonly Dictionary<string, SourceSpan> _names = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly List<Regex> _patterns = [];

    public string What { get; } = what;

    public string DefinedBy { get; } = definedBy;

    public IReadOnlyList<string> Names => _order;

    public bool Contains(string name) => _names.ContainsKey(name) || _patterns.Exists(p => p.IsMatch(name));

    public bool TryGet(string name, out SourceSpan? at) => _names.TryGetValue(name, out at);

    public void Add(string name, SourceSpan at)
    {
        _names.Add(name, at);
        _order.Add(name);
    }

    public void AddPattern(Regex pattern) => _patterns.Add(pattern);
}

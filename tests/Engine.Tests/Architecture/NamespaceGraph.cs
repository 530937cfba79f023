using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace E2eeConformance.Engine.Tests.Architecture;

/// <summary>
/// The dependency graph between the engine's top-level namespaces (<c>E2eeConformance.Engine.X</c>, with
/// <c>X.Y</c> folded into <c>X</c>), read from the compiled assembly: namespace A depends on namespace B when a type of
/// A uses a type of B anywhere <see cref="TypeDependencies"/> looks. Each edge keeps the type pairs that cause it, so a
/// failure can say which type to move.
/// </summary>
internal sealed class NamespaceGraph
{
    /// <summary>The namespace every engine type lives under.</summary>
    public const string EngineRoot = "E2eeConformance.Engine.";

    private readonly SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    private readonly Dictionary<string, HashSet<string>> _types = new(StringComparer.Ordinal);

    /// <summary>Every namespace that has at least one type.</summary>
    public SortedSet<string> Namespaces { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the graph of the assembly at <paramref name="assemblyPath"/> between the namespaces directly under
    /// <paramref name="root"/> (which ends with a dot).
    /// </summary>
    public static NamespaceGraph Read(string assemblyPath, string root = EngineRoot)
    {
        using FileStream stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        var dependencies = new TypeDependencies(reader, pe.GetMethodBody);
        var graph = new NamespaceGraph();
        foreach (TypeDefinitionHandle type in reader.TypeDefinitions)
        {
            (string Namespace, string Name)? from = Owner(reader, type, root);
            if (from is null)
            {
                continue;
            }

            graph.Declare(from.Value.Namespace, from.Value.Name);
            foreach (TypeDefinitionHandle used in dependencies.Of(type))
            {
                if (Owner(reader, used, root) is { } to && to.Namespace != from.Value.Namespace)
                {
                    graph.Add(from.Value.Namespace, to.Namespace, $"{from.Value.Namespace}.{from.Value.Name} uses {to.Namespace}.{to.Name}");
                }
            }
        }

        return graph;
    }

    /// <summary>The namespaces <paramref name="from"/> depends on.</summary>
    public IEnumerable<string> Targets(string from) =>
        _edges.TryGetValue(from, out SortedDictionary<string, SortedSet<string>>? targets) ? targets.Keys : [];

    /// <summary>Every edge as (from, to).</summary>
    public IEnumerable<(string From, string To)> Edges() =>
        _edges.SelectMany(source => source.Value.Keys.Select(target => (source.Key, target)));

    /// <summary>Why <paramref name="from"/> depends on <paramref name="to"/>: a few "A.T uses B.U" reasons.</summary>
    public string Reason(string from, string to, int shown = 3)
    {
        SortedSet<string> reasons = _edges[from][to];
        string listed = string.Join("; ", reasons.Take(shown));
        return reasons.Count > shown ? $"{listed}; and {reasons.Count - shown} more" : listed;
    }

    /// <summary>Whether <paramref name="ns"/> declares a (top-level) type named <paramref name="name"/>.</summary>
    public bool Declares(string ns, string name) => _types.TryGetValue(ns, out HashSet<string>? names) && names.Contains(name);

    /// <summary>Records that <paramref name="from"/> depends on <paramref name="to"/>, for <paramref name="reason"/>.</summary>
    public void Add(string from, string to, string reason)
    {
        if (!_edges.TryGetValue(from, out SortedDictionary<string, SortedSet<string>>? targets))
        {
            targets = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            _edges[from] = targets;
        }

        if (!targets.TryGetValue(to, out SortedSet<string>? reasons))
        {
            reasons = new SortedSet<string>(StringComparer.Ordinal);
            targets[to] = reasons;
        }

        reasons.Add(reason);
    }

    private void Declare(string ns, string name)
    {
        Namespaces.Add(ns);
        if (!_types.TryGetValue(ns, out HashSet<string>? names))
        {
            names = new HashSet<string>(StringComparer.Ordinal);
            _types[ns] = names;
        }

        names.Add(name);
    }

    /// <summary>
    /// The namespace directly under the root and the name of a type's outermost declaring type, or null for types outside the
    /// engine's namespaces (the module type, compiler-emitted attributes and helpers).
    /// </summary>
    private static (string Namespace, string Name)? Owner(MetadataReader reader, TypeDefinitionHandle handle, string root)
    {
        TypeDefinition type = reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = reader.GetTypeDefinition(outer);
        }

        string ns = reader.GetString(type.Namespace);
        if (!ns.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        string top = ns[root.Length..].Split('.')[0];
        string name = reader.GetString(type.Name);
        int arity = name.IndexOf('`', StringComparison.Ordinal);
        return (top, arity < 0 ? name : name[..arity]);
    }
}

namespace E2eeConformance.Engine.Tests.Architecture;

/// <summary>
/// The cycles of a <see cref="NamespaceGraph"/>, kept readable: for every edge that lies on some cycle, the shortest
/// cycle through it (each cycle listed once, starting at its alphabetically first namespace). Every edge to cut shows up,
/// without the combinatorial list of every elementary cycle a tangled graph has.
/// </summary>
internal static class NamespaceCycles
{
    /// <summary>The cycles, each as the namespaces along it with the first repeated at the end.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Find(NamespaceGraph graph)
    {
        var cycles = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach ((string from, string to) in graph.Edges())
        {
            if (ShortestPath(graph, to, from) is { } back)
            {
                List<string> cycle = Rotate([from, .. back]);
                cycles.TryAdd(string.Join(" → ", cycle), cycle);
            }
        }

        return [.. cycles.Values];
    }

    /// <summary>A cycle as "A → B → A via A.T uses B.U; B.V uses A.W".</summary>
    public static string Describe(NamespaceGraph graph, IReadOnlyList<string> cycle)
    {
        IEnumerable<string> reasons = cycle.Zip(cycle.Skip(1), (from, to) => graph.Reason(from, to));
        return $"{string.Join(" → ", cycle)} via {string.Join("; ", reasons)}";
    }

    /// <summary>The namespaces from <paramref name="start"/> to <paramref name="goal"/> (both included), or null.</summary>
    private static List<string>? ShortestPath(NamespaceGraph graph, string start, string goal)
    {
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal) { [start] = start };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out string? at))
        {
            if (at == goal)
            {
                var path = new List<string> { goal };
                while (path[^1] != start)
                {
                    path.Add(cameFrom[path[^1]]);
                }

                path.Reverse();
                return path;
            }

            foreach (string next in graph.Targets(at).Where(next => cameFrom.TryAdd(next, at)))
            {
                queue.Enqueue(next);
            }
        }

        return null;
    }

    /// <summary>A closed walk (first = last) rotated to start at its alphabetically first namespace.</summary>
    private static List<string> Rotate(List<string> closed)
    {
        List<string> open = closed[..^1];
        int first = open.IndexOf(open.Min(StringComparer.Ordinal)!);
        List<string> rotated = [.. open[first..], .. open[..first]];
        rotated.Add(rotated[0]);
        return rotated;
    }
}

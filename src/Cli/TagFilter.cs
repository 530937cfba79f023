using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Cli;

/// <summary>
/// <c>--tag T</c> / <c>--exclude-tag T</c> (both repeatable): a scenario stays when it has at least one of the
/// <c>--tag</c> tags (any scenario when none is given) and none of the <c>--exclude-tag</c> tags. Tags compare without
/// regard to case. A tag no known scenario has is a usage error (a typo would otherwise silently select nothing).
/// </summary>
internal sealed record TagFilter(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
{
    public bool IsEmpty => Include.Count == 0 && Exclude.Count == 0;

    public bool Keeps(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return (Include.Count == 0 || Include.Any(t => Has(scenario, t))) && !Exclude.Any(t => Has(scenario, t));
    }

    /// <summary>Throws a <see cref="UsageException"/> for a tag none of <paramref name="known"/> has.</summary>
    public void CheckKnown(IEnumerable<Scenario> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        List<string> tags = [.. known.SelectMany(s => s.Tags).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
        List<string> unknown = [.. Include.Concat(Exclude).Where(t => !tags.Contains(t, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)];
        if (unknown.Count > 0)
        {
            throw new UsageException(
                $"unknown tag{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(t => $"'{t}'"))}; known tags: {string.Join(", ", tags)}");
        }
    }

    /// <summary>"--tag small --exclude-tag group", as given.</summary>
    public override string ToString() =>
        string.Join(' ', Include.Select(t => "--tag " + t).Concat(Exclude.Select(t => "--exclude-tag " + t)));

    private static bool Has(Scenario scenario, string tag) => scenario.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase);
}

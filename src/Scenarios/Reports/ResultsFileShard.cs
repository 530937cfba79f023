using System.Globalization;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>One shard of a run split over several jobs: shard <see cref="Index"/> of <see cref="Count"/> ("2/3").</summary>
/// <param name="Index">1-based: 1 … <see cref="Count"/>.</param>
/// <param name="Count">How many shards the plan was split into (at least 1).</param>
public sealed record ResultsFileShard(int Index, int Count)
{
    /// <summary>"K/N", as <c>--shard</c> takes it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}

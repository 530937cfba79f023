using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// A fuzzing campaign (issue 14 §3): <paramref name="Runs"/> generated scenarios of <paramref name="Profile"/>, run
/// <c>i</c> (0-based) drawn from seed <paramref name="Seed"/> + i, so that <c>fuzz --seed S+i --runs 1</c> repeats it.
/// </summary>
/// <param name="Seed">The first run's seed.</param>
/// <param name="Runs">How many scenarios to generate and run.</param>
/// <param name="Profile">What the scenarios are made of.</param>
public sealed record FuzzOptions(ulong Seed, int Runs, FuzzProfile Profile)
{
    /// <summary>The suite every run uses (a scenario names it, so its file replays with just that suite).</summary>
    public string Suite { get; init; } = "ecc";

    /// <summary>How many runs at once.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether failures are shrunk (the first of each kind of failure).</summary>
    public bool Shrink { get; init; } = true;

    /// <summary>The most candidates one shrink runs.</summary>
    public int MaxShrinkRuns { get; init; } = FuzzShrinker.DefaultMaxRuns;

    /// <summary>The most time one shrink takes.</summary>
    public TimeSpan MaxShrinkTime { get; init; } = FuzzShrinker.DefaultMaxTime;

    /// <summary>Whether operations left out of the default mix for a known finding are drawn too (docs/FUZZING.md §Findings).</summary>
    public bool IncludeKnownFindings { get; init; }

    /// <summary>Where shrunk scenarios are written (null: not written).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>A test double's seam on deliveries (null: the real engine; the command line never sets it).</summary>
    public DeliveryInterceptor? Interceptor { get; init; }

    /// <summary>The seed of run <paramref name="index"/>.</summary>
    public ulong SeedOf(int index) => unchecked(Seed + (ulong)index);
}

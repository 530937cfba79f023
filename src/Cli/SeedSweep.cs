namespace E2eeConformance.Cli;

/// <summary>
/// <c>--seeds N</c>: each scenario × suite runs with N seeds derived from its base seed (the <c>--seed</c> value, or the
/// scenario's own): seed 0 is the base itself, seed i (i ≥ 1) the i-th output of SplitMix64 started at the base — the
/// same seeds on every machine, and <c>--seeds 1</c> is a plain run.
/// </summary>
internal static class SeedSweep
{
    /// <summary>The largest N accepted.</summary>
    public const int MaxSeeds = 100_000;

    /// <summary>The <paramref name="index"/>-th seed of the sweep from <paramref name="baseSeed"/>.</summary>
    public static ulong Derive(ulong baseSeed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return index == 0 ? baseSeed : SplitMix64(unchecked(baseSeed + ((ulong)index * 0x9E3779B97F4A7C15UL)));
    }

    /// <summary>SplitMix64's output function for the state <paramref name="state"/> (Steele, Lea and Flood, 2014).</summary>
    private static ulong SplitMix64(ulong state)
    {
        unchecked
        {
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

using System.CommandLine.Parsing;
using System.Globalization;

namespace E2eeConformance.Cli;

/// <summary>
/// <c>--shard K/N</c>: this job runs shard K of N of the plan. The plan's scenario × suite runs are shuffled by a stable
/// hash (FNV-1a 64 of "scenario/suite", ties in plan order) and dealt like cards in that order: the runs that will run
/// go round-robin to shards 1, 2, …, N, 1, 2, …; the runs that will not (disabled, unimplemented) are dealt the same
/// way, separately. So the N shards together hold every run of the plan exactly once, the shards' numbers of runs that
/// run differ by at most one (and every shard gets one when the plan has at least N), slow suites and scenarios spread
/// over the shards rather than landing in one, and the split is the same on every machine as long as every shard is
/// given the same selection options. Each shard still runs and reports its runs in plan order.
/// </summary>
internal sealed record RunShard(int Index, int Count)
{
    /// <summary>The largest N accepted (a named bound, far above any CI matrix).</summary>
    public const int MaxCount = 1000;

    /// <summary>The option's parser: "K/N" with 1 ≤ K ≤ N ≤ <see cref="MaxCount"/>.</summary>
    public static RunShard? Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (TryParse(text, out RunShard? shard, out string? error))
        {
            return shard;
        }

        result.AddError(error);
        return null;
    }

    public static bool TryParse(
        string text,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RunShard? shard,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        shard = null;
        error = null;
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            error = $"--shard expects K/N (shard K of N, e.g. 2/3), found '{text}'";
            return false;
        }

        if (count < 1 || count > MaxCount)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"--shard {text}: the number of shards N must be from 1 to {MaxCount}");
            return false;
        }

        if (index < 1 || index > count)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"--shard {text}: the shard K must be from 1 to {count}");
            return false;
        }

        shard = new RunShard(index, count);
        return true;
    }

    /// <summary>This shard's part of <paramref name="plan"/>, in plan order, each with its position in the whole plan.</summary>
    /// <param name="plan">The whole plan, in order.</param>
    /// <param name="runs">Whether an item will run (as opposed to being reported disabled or unimplemented).</param>
    /// <param name="key">The item's stable name ("scenario/suite"), which orders the deal.</param>
    public IReadOnlyList<(int Position, T Item)> Deal<T>(IReadOnlyList<T> plan, Func<T, bool> runs, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(key);
        IEnumerable<int> dealOrder = Enumerable.Range(0, plan.Count).OrderBy(i => Fnv1a64(key(plan[i]))).ThenBy(i => i);
        HashSet<int> mine = [];
        int running = 0, notRunning = 0;
        foreach (int i in dealOrder)
        {
            int card = runs(plan[i]) ? running++ : notRunning++;
            if (card % Count == Index - 1)
            {
                mine.Add(i);
            }
        }

        return [.. mine.Order().Select(i => (i, plan[i]))];
    }

    /// <summary>FNV-1a, 64-bit, over the UTF-8 bytes of <paramref name="text"/> (stable across processes, unlike string.GetHashCode).</summary>
    public static ulong Fnv1a64(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 0x100000001B3UL);
        }

        return hash;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}

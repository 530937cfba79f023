using System.Globalization;

namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// The counts an expectation accepts (docs/SCENARIO-FORMAT §Expectations): a number is exactly that count,
/// <c>{ at_least: N }</c>, <c>{ at_most: N }</c> and <c>{ between: [A, B] }</c> (inclusive) a range. An int converts
/// to the exact count, so <c>new StateExpectation("bob/1", Sessions: 2)</c> reads as before.
/// </summary>
/// <param name="Min">The smallest count accepted.</param>
/// <param name="Max">The largest count accepted (<see cref="long.MaxValue"/>: no upper bound).</param>
public readonly record struct CountRange(long Min, long Max)
{
    /// <summary>Exactly <paramref name="count"/>.</summary>
    public static CountRange Exactly(long count) => new(count, count);

    /// <summary><paramref name="count"/> or more.</summary>
    public static CountRange AtLeast(long count) => new(count, long.MaxValue);

    /// <summary>From 0 to <paramref name="count"/>.</summary>
    public static CountRange AtMost(long count) => new(0, count);

    /// <summary>From <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public static CountRange Between(long min, long max) => new(min, max);

    /// <summary>Exactly <paramref name="count"/> (the named form of the implicit conversion).</summary>
    public static CountRange FromInt32(int count) => Exactly(count);

    /// <summary>Exactly <paramref name="count"/>.</summary>
    public static implicit operator CountRange(int count) => Exactly(count);

    /// <summary>Whether the range is one count.</summary>
    public bool IsExact => Min == Max;

    /// <summary>Whether <paramref name="count"/> is accepted.</summary>
    public bool Contains(long count) => count >= Min && count <= Max;

    /// <summary>
    /// How failures name the range with the counted thing: "sessions 7" for an exact count (as before ranges existed),
    /// else "at least 3 skipped_keys", "at most 2 skipped_keys", "between 1 and 4 skipped_keys".
    /// </summary>
    public string Describe(string what) => IsExact ? Invariant($"{what} {Min}") : Invariant($"{this} {what}");

    /// <summary>"7", "at least 3", "at most 2", "between 1 and 4".</summary>
    public override string ToString() =>
        IsExact ? Invariant($"{Min}")
        : Max == long.MaxValue ? Invariant($"at least {Min}")
        : Min == 0 ? Invariant($"at most {Max}")
        : Invariant($"between {Min} and {Max}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

namespace E2eeConformance.Engine.Protocol;

/// <summary>
/// The stable kebab-case names of the <see cref="ProtocolDeviations"/> switches (command lines, reports, the shim's
/// hello): <c>no-chain-limit</c>, <c>unbounded-skipped-keys</c>, <c>phantom-skipped-keys</c>,
/// <c>group-out-of-order-dropped</c>. Never rename one.
/// </summary>
public static class ProtocolDeviationNames
{
    /// <summary>Every switch with its name, in flag order.</summary>
    public static IReadOnlyList<(ProtocolDeviations Deviation, string Name)> All { get; } =
    [
        (ProtocolDeviations.NoChainLimit, "no-chain-limit"),
        (ProtocolDeviations.UnboundedSkippedKeys, "unbounded-skipped-keys"),
        (ProtocolDeviations.PhantomSkippedKeys, "phantom-skipped-keys"),
        (ProtocolDeviations.GroupOutOfOrderDropped, "group-out-of-order-dropped"),
    ];

    /// <summary>Every switch together.</summary>
    public static ProtocolDeviations Known { get; } = All.Aggregate(ProtocolDeviations.None, (all, d) => all | d.Deviation);

    /// <summary>The name of one switch.</summary>
    /// <exception cref="ArgumentException"><paramref name="deviation"/> is not exactly one known switch.</exception>
    public static string NameOf(ProtocolDeviations deviation)
    {
        foreach ((ProtocolDeviations d, string name) in All)
        {
            if (d == deviation)
            {
                return name;
            }
        }

        throw new ArgumentException($"{deviation} is not a single protocol deviation", nameof(deviation));
    }

    /// <summary>The names of the switches set in <paramref name="deviations"/>, comma-separated in flag order ("" for none).</summary>
    /// <exception cref="ArgumentException"><paramref name="deviations"/> has a bit no switch has.</exception>
    public static string Format(ProtocolDeviations deviations)
    {
        if ((deviations & ~Known) != 0)
        {
            throw new ArgumentException($"unknown protocol deviation bits 0x{(int)(deviations & ~Known):x}", nameof(deviations));
        }

        return string.Join(',', All.Where(d => (deviations & d.Deviation) != 0).Select(d => d.Name));
    }

    /// <summary>
    /// Parses a comma-separated list of names (<c>no-chain-limit,phantom-skipped-keys</c>; blanks around names are
    /// ignored, a name may repeat; an empty list is <see cref="ProtocolDeviations.None"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A name is not one of <see cref="All"/> (the message lists the known names).</exception>
    public static ProtocolDeviations Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        ProtocolDeviations result = ProtocolDeviations.None;
        foreach (string part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            (ProtocolDeviations Deviation, string Name) match = All.FirstOrDefault(d => string.Equals(d.Name, part, StringComparison.Ordinal));
            if (match.Name is null)
            {
                throw new ArgumentException($"unknown protocol deviation '{part}' (known: {string.Join(", ", All.Select(d => d.Name))})", nameof(list));
            }

            result |= match.Deviation;
        }

        return result;
    }

    /// <summary>Whether <paramref name="deviations"/> includes <paramref name="deviation"/>.</summary>
    public static bool Has(this ProtocolDeviations deviations, ProtocolDeviations deviation) => (deviations & deviation) == deviation && deviation != 0;
}

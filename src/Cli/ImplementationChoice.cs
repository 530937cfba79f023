using E2eeConformance.Scenarios.Implementations;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>
/// The implementation axis of a run (issue 13 §2): <c>--impl NAME</c> makes every device that implementation;
/// <c>--pair A,B</c> alternates the users between two implementations and runs every scenario both ways round.
/// </summary>
internal static class ImplementationChoice
{
    /// <summary>The assignments each planned run is carried out with, in order (one, or two for a pairing).</summary>
    /// <exception cref="UsageException">Both options, or a malformed <c>--pair</c>.</exception>
    /// <exception cref="ImplementationConfigException">An implementation that cannot be found or read.</exception>
    public static IReadOnlyList<ImplementationAssignment> Resolve(RunOptions options, string workingDirectory, string harnessDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Pair is null)
        {
            return [ImplementationAssignment.Every(ImplementationCatalog.Resolve(options.Implementation, workingDirectory, harnessDirectory))];
        }

        if (options.Implementation != DeviceImplementation.EngineName)
        {
            throw new UsageException("--impl and --pair exclude each other: --pair names both implementations");
        }

        string[] names = options.Pair.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != 2 || names.Any(n => n.Length == 0))
        {
            throw new UsageException($"--pair '{options.Pair}' must name two implementations, as A,B (e.g. engine,shim)");
        }

        if (names[0] == names[1])
        {
            throw new UsageException($"--pair names {names[0]} twice: use --impl {names[0]} for one implementation");
        }

        var pairing = new ImplementationAssignment(
            ImplementationCatalog.Resolve(names[0], workingDirectory, harnessDirectory),
            ImplementationCatalog.Resolve(names[1], workingDirectory, harnessDirectory));
        return [pairing, pairing.Reversed()];
    }

    /// <summary>
    /// The assignment <c>replay --impl</c> names: one implementation (as <c>run --impl</c>), or <c>A+B</c> — a result's
    /// <see cref="ScenarioResult.Implementation"/> — for the pairing with A's users first.
    /// </summary>
    public static ImplementationAssignment Replayed(string implementation, string workingDirectory, string harnessDirectory)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        string[] names = implementation.Split('+', StringSplitOptions.TrimEntries);
        return names.Length switch
        {
            1 => ImplementationAssignment.Every(ImplementationCatalog.Resolve(names[0], workingDirectory, harnessDirectory)),
            2 when names.All(n => n.Length > 0) => new ImplementationAssignment(
                ImplementationCatalog.Resolve(names[0], workingDirectory, harnessDirectory),
                ImplementationCatalog.Resolve(names[1], workingDirectory, harnessDirectory)),
            _ => throw new UsageException($"--impl '{implementation}' must name one implementation, or a pairing as A+B"),
        };
    }

    /// <summary>
    /// Each planned run once per assignment (the same plan position, so a shard keeps both ways round of a pairing),
    /// as the implementations' configs leave it (disabled, unsupported suite); indices stay unique across the plan.
    /// </summary>
    public static IReadOnlyList<PlanItem> Expand(IReadOnlyList<PlanItem> items, IReadOnlyList<ImplementationAssignment> assignments, bool includeDisabled) =>
        [.. items.SelectMany(item => assignments.Select((assignment, k) => item with
        {
            Run = ScenarioRunner.ForImplementations(item.Run, assignment, includeDisabled),
            Index = checked((item.Index * assignments.Count) + k),
            Implementations = assignment,
        }))];
}

using System.Globalization;
using E2eeConformance.Scenarios.Generation;

namespace E2eeConformance.Scenarios.Tests.Generation;

/// <summary>
/// The convergence property (issue 11 §6) over generated scenarios: after the network heals, every current member holds
/// the group with the same members and has read every message meant for it; nobody reads what was not meant for it.
/// The CI share runs the operation mixes that pass today (<see cref="CiMixes"/>); the mixes with known engine failures
/// (<see cref="KnownFailureClasses"/>) run in the opt-in soak (<see cref="ConvergenceSoakTests"/>).
/// </summary>
public sealed class ConvergencePropertyTests
{
    /// <summary>Seeds per mix of the CI share (ECC), overridable with <c>CONVERGENCE_CI_SEEDS</c>.</summary>
    private const int CiSeedsPerMix = 50;

    /// <summary>The operation mixes the CI share runs: every one passes all its seeds today.</summary>
    public static readonly ConvergenceOperations[] CiMixes =
    [
        ConvergenceOperations.SendsOnly,
        ConvergenceOperations.Membership,
    ];

    /// <summary>
    /// The failure classes the soak still finds, by operation mix (engine bugs left for the engine's owners; see the
    /// replays in the branch report). A mix listed here stays out of the CI share until it passes.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KnownFailureClasses = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    [TestCaseSource(nameof(CiMixes))]
    public void Every_ci_seed_of_the_mix_converges(ConvergenceOperations operations)
    {
        int seeds = ConvergenceSweep.Count("CONVERGENCE_CI_SEEDS", CiSeedsPerMix);
        ConvergenceSweep.Outcome outcome = ConvergenceSweep.Run(operations, "ecc", 1, seeds);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ConvergenceScenarioGenerator.MixName(operations)}: {outcome.Seeds - outcome.Failures.Count}/{outcome.Seeds} passed in {outcome.Elapsed.TotalSeconds:F1} s"));
        outcome.Failures.Should().BeEmpty(string.Join("\n", outcome.Failures));
    }
}

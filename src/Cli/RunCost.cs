using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>
/// A rough, relative estimate of how long a planned run takes, for starting the long ones first (issue 17 §5:
/// longest-processing-time-first keeps both workers busy to the end). A run costs its suite's weight times its size:
/// ten units a device (key generation, registration, one-time pre-keys, sessions with the others) plus one per ten
/// steps, a repeated step counted once per repetition (most steps are cheap: the catalog's 1,030 messages of
/// chain-limit-1030 take a third of a second with post-quantum keys, its 100 devices of group-100-members three
/// seconds). The weights are the catalog's relative costs per unit (2026-12-05, after the hashes in lanes): ECC 1,
/// post-quantum 3, SLH-DSA 16 (each registration signs), room keys 27 (RSA key pairs). A skipped run costs nothing.
/// Only the order runs start in depends on it, never a result.
/// </summary>
internal static class RunCost
{
    /// <summary>Where counting steps stops (a hostile file's repeats could otherwise overflow the count).</summary>
    private const long MaxStepWork = 1_000_000_000;

    public static long Estimate(PlannedRun run)
    {
        if (run.Skip is not null)
        {
            return 0;
        }

        int weight = run switch
        {
            { Suite.Signature: SlhDsa } => 16,
            { Protocol: "room-keys" } => 27,
            { Suite.IsEcc: false } => 3,
            _ => 1,
        };
        long devices = run.Scenario.Users.Sum(u => (long)Math.Max(0, u.Devices));
        return weight * ((10 * devices) + (StepWork(run.Scenario.Steps) / 10));
    }

    /// <summary>The steps, each repeated step counted once per repetition (a bound keeps a hostile file's estimate finite).</summary>
    private static long StepWork(IReadOnlyList<Step> steps)
    {
        long work = 0;
        foreach (Step step in steps)
        {
            work += step is RepeatStep repeat ? Math.Max(0, repeat.Times) * Math.Max(1, StepWork(repeat.Body)) : 1;
            if (work > MaxStepWork)
            {
                return MaxStepWork;
            }
        }

        return work;
    }
}

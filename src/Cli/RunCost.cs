using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Cli;

/// <summary>
/// A rough, relative estimate of how long a planned run takes, for starting the long ones first (issue 17 §5). From
/// what dominates a run's time, measured on the catalog: the signature scheme (an SLH-DSA-SHA2-256s signature is
/// hundreds of times an ECC one), then post-quantum keys, then the RSA key pairs of room keys. A skipped run costs
/// nothing. Only the order runs start in depends on it, never a result.
/// </summary>
internal static class RunCost
{
    public static int Estimate(PlannedRun run) => run switch
    {
        { Skip: not null } => 0,
        { Suite.Signature: SlhDsa } => 100,
        { Suite.IsEcc: false } => 4,
        { Protocol: "room-keys" } => 3,
        _ => 1,
    };
}

namespace E2eeConformance.Scenarios.Model;

/// <summary>The <c>server:</c> steps of <see cref="ScenarioBuilder"/>: the server as an adversary (<see cref="ServerStep"/>).</summary>
public sealed partial class ScenarioBuilder
{
    /// <summary>Adds <c>server: { withhold: … }</c> (<see cref="WithholdAction"/>): what matches is never delivered.</summary>
    public ScenarioBuilder Withhold(MessageSelector select) => Add(new ServerStep(new WithholdAction(select)));

    /// <summary>Adds <c>server: { partition: … }</c> (<see cref="PartitionAction"/>): nothing is relayed between sides.</summary>
    public ScenarioBuilder Partition(params string[][] sides) => Add(new ServerStep(new PartitionAction([.. sides.Select(s => (IReadOnlyList<string>)[.. s])])));

    /// <summary>Adds <c>server: heal</c> (<see cref="HealAction"/>): the partition ends.</summary>
    public ScenarioBuilder HealPartition() => Add(new ServerStep(new HealAction()));

    /// <summary>Adds <c>server: honest</c> (<see cref="HonestAction"/>): every server action in force ends.</summary>
    public ScenarioBuilder HonestServer() => Add(new ServerStep(new HonestAction()));

    /// <summary>Adds <c>server: { substitute_bundle: { of, with } }</c> (<see cref="SubstituteBundleAction"/>).</summary>
    public ScenarioBuilder SubstituteBundle(string of, string with) => Add(new ServerStep(new SubstituteBundleAction(of, with)));

    /// <summary>Adds <c>server: { reuse_one_time_pre_key: … }</c> (<see cref="ReuseOneTimePreKeyAction"/>).</summary>
    public ScenarioBuilder ReuseOneTimePreKey(string of) => Add(new ServerStep(new ReuseOneTimePreKeyAction(of)));

    /// <summary>Adds <c>server: { strip_one_time_pre_keys: … }</c> (<see cref="StripOneTimePreKeysAction"/>).</summary>
    public ScenarioBuilder StripOneTimePreKeys(string of) => Add(new ServerStep(new StripOneTimePreKeysAction(of)));
}

namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// The adversary steps of <see cref="ScenarioBuilder"/> added by issue 14: the server as an adversary
/// (<see cref="ServerStep"/>) and the active adversary's reach into protocol traffic (<see cref="RewriteStep"/>,
/// <see cref="ProtocolPick"/>).
/// </summary>
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

    /// <summary>Adds <c>server: { fake_heartbeat: { to, time } }</c> (<see cref="FakeHeartbeatAction"/>): a heartbeat the server made up.</summary>
    public ScenarioBuilder FakeHeartbeat(string to, HeartbeatTime time) => Add(new ServerStep(new FakeHeartbeatAction(to, time)));

    /// <summary>Adds <c>server: { forge_user_update: { to, of, name } }</c> (<see cref="ForgeUserUpdateAction"/>).</summary>
    public ScenarioBuilder ForgeUserUpdate(string to, string of, string name) => Add(new ServerStep(new ForgeUserUpdateAction(to, of, name)));

    /// <summary>Adds <c>server: { intercept: { of, by } }</c> (<see cref="InterceptAction"/>): a man in the middle.</summary>
    public ScenarioBuilder Intercept(string of, string by) => Add(new ServerStep(new InterceptAction(of, by)));

    /// <summary>Adds a <c>rewrite</c> step (<see cref="RewriteStep"/>) of a named message.</summary>
    public ScenarioBuilder Rewrite(string message, string to, params FieldRewrite[] sets) => Add(new RewriteStep(message, to, sets));

    /// <summary>
    /// Adds a <c>rewrite</c> step that re-encrypts a named message with the keys of the adversary state <paramref name="by"/>
    /// (<see cref="Reencryption"/>): the forged copy is the message <paramref name="as"/>.
    /// </summary>
    public ScenarioBuilder Reencrypt(string message, string to, string by, string text, string @as, params FieldRewrite[] sets) =>
        Add(new RewriteStep(message, to, sets) { Reencrypt = new Reencryption(by, text, null), As = @as });

    /// <summary>Adds a <c>rewrite</c> step of protocol traffic picked by kind (<see cref="ProtocolPick"/>).</summary>
    public ScenarioBuilder Rewrite(ProtocolPick pick, string to, params FieldRewrite[] sets) => Add(new RewriteStep("", to, sets) { Pick = pick });

    /// <summary>Adds a <c>replay</c> step of protocol traffic picked by kind (<see cref="ProtocolPick"/>).</summary>
    public ScenarioBuilder Replay(ProtocolPick pick, string to) => Add(new ReplayStep("", to) { Pick = pick });
}

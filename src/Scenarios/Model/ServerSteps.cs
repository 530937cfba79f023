namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>server: ACTION</c>: the server turns adversary (issue 14 §1). The server of seed 000 is trusted to route and to
/// hand out pre-key bundles; these actions show what a server that abuses that trust achieves, and what the devices
/// detect. An action stays in force until <c>server: honest</c> (or, for a partition, <c>server: heal</c>); the end of
/// the run heals partitions but a withheld message stays withheld.
/// </summary>
public sealed record ServerStep(ServerAction Action) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "server";
}

/// <summary>One thing a malicious (or failing) server does; see <see cref="ServerStep"/>.</summary>
public abstract record ServerAction
{
    /// <summary>The action's key in the file (<c>withhold</c>, <c>partition</c>, …).</summary>
    public abstract string Name { get; }
}

/// <summary>
/// <c>withhold: SELECTOR</c>: the server never delivers what matches, now or later (redelivery included), to the
/// selected recipients: messages withheld from a member, a group message delivered to a subset. The end-of-run
/// invariant no longer expects a withheld message at the devices it was withheld from.
/// </summary>
public sealed record WithholdAction(MessageSelector Select) : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "withhold";
}

/// <summary>
/// <c>partition: [[alice], [bob, carol]]</c>: the server relays nothing between devices of different sides (each side a
/// list of users or devices) until <c>server: heal</c>; what waits is delivered after the heal. The server's own
/// messages and the devices' requests still pass.
/// </summary>
public sealed record PartitionAction(IReadOnlyList<IReadOnlyList<string>> Sides) : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "partition";
}

/// <summary><c>server: heal</c>: the partition ends; what it kept waiting is deliverable again.</summary>
public sealed record HealAction : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "heal";
}

/// <summary>
/// <c>server: honest</c>: every action in force ends (bundle rewriting, withholding of later messages, the partition).
/// Messages already withheld stay lost.
/// </summary>
public sealed record HonestAction : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "honest";
}

/// <summary>
/// <c>substitute_bundle: { of, with }</c>: whoever asks for the pre-key bundles of <see cref="Of"/> (a user or one
/// device) gets the bundle of the device <see cref="With"/> instead (its identity key, signed and one-time pre-keys),
/// under the address of <see cref="Of"/>'s device (the devices of <see cref="With"/> get the real bundles). Seed 000 has the server hand out bundles unverified by anyone but
/// the server; only comparing identity fingerprints out of band (<c>identity_differs</c>) shows the substitution.
/// </summary>
public sealed record SubstituteBundleAction(string Of, string With) : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "substitute_bundle";
}

/// <summary>
/// <c>reuse_one_time_pre_key: USER | DEVICE</c>: the first one-time pre-key the server hands out for each of these
/// devices is handed out again in every later bundle of that device, instead of a fresh one (seed 000 says a one-time
/// pre-key is given out once). The device deleted the key at first use, so it refuses a second invite built on it.
/// </summary>
public sealed record ReuseOneTimePreKeyAction(string Of) : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "reuse_one_time_pre_key";
}

/// <summary>
/// <c>strip_one_time_pre_keys: USER | DEVICE</c>: bundles of these devices are handed out without a one-time pre-key
/// (as if the stock were empty), so new sessions lose the one-time key's contribution. The protocol accepts a bundle
/// without one (seed 000 §Pre-key bundle: the one-time pre-key is optional), so nobody can tell.
/// </summary>
public sealed record StripOneTimePreKeysAction(string Of) : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "strip_one_time_pre_keys";
}

/// <summary>
/// <c>server: down</c>: the server answers nothing and delivers nothing: every device's requests wait in its outbox
/// and deliveries wait, as if every device were offline (their clocks still run). Registering a device while it is
/// down fails the step. <c>server: up</c> (or the end of the run) brings it back: each device runs its start-up check
/// and sends what waited.
/// </summary>
public sealed record DownAction : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "down";
}

/// <summary>
/// <c>fake_heartbeat: { to, time }</c>: the server pushes a ServerHeartbeatMsg it made up to the devices of
/// <see cref="To"/> (a user, a device or <c>all</c>) claiming the server time <see cref="Time"/> (an offset from the
/// run's clock, or an absolute time). Seed 000 §ServerHeartbeatMsg makes a heartbeat a notice of the service's
/// availability and nothing more: a device may report it, but must not take its clock from it (renew or expire keys).
/// </summary>
public sealed record FakeHeartbeatAction(string To, HeartbeatTime Time) : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "fake_heartbeat";
}

/// <summary>
/// <c>forge_user_update: { to, of, name }</c>: the server delivers to the devices of <see cref="To"/> an UpdateUserMsg
/// it made up, saying the user <see cref="Of"/> (a user: its first device; or a device) changed its name to
/// <see cref="Name"/>, although <see cref="Of"/> sent no update. Seed 000 §UpdateUserMsg has the server forward the
/// update as the user sent it, signed by nobody.
/// </summary>
public sealed record ForgeUserUpdateAction(string To, string Of, string UserName) : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "forge_user_update";
}

/// <summary>
/// <c>intercept: { of, by }</c>: a man in the middle. The server hands the invites, accepts and one-to-one messages
/// that other users send to the device <see cref="Of"/> to the device <see cref="By"/> instead (their <c>to</c> rewritten to
/// <see cref="By"/>'s address), and relays what <see cref="By"/> sends to another user's device as if <see cref="Of"/> sent it
/// (its <c>from</c> rewritten). With <c>substitute_bundle: { of, with: by }</c> the initiator's session is with
/// <see cref="By"/>'s keys, so <see cref="By"/>'s device completes it and reads the texts meant for <see cref="Of"/>.
/// What the server rerouted stays away from <see cref="Of"/> for good, even after <c>server: honest</c>.
/// </summary>
public sealed record InterceptAction(string Of, string By) : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "intercept";
}

/// <summary><c>server: up</c>: the server is back (<see cref="DownAction"/>); devices taken offline one by one stay offline.</summary>
public sealed record UpAction : ServerAction
{
    /// <inheritdoc/>
    public override string Name => "up";
}

namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>rewrite: { message | kind, from?, nth?, to, set: { PATH: VALUE, … } }</c>: an active adversary delivers to the
/// device <see cref="To"/> a copy of a message it saw with wire fields set (the original stays in flight). The message
/// is a named one (<see cref="Message"/>) or, for protocol traffic that has no name, the <see cref="Pick"/>-th delivery
/// of a kind to the device. A PATH names a field of the ProtoMsg (<c>e2ee_msg.one2one_msg.sequence</c>,
/// <c>invite_msg.bob_one_time_pre_key_id</c>); a VALUE is written in the file, <c>random</c> (from the seed) or
/// <c>{ from: NAME }</c> (the same field of another message, spliced). Sets apply in the order written.
/// </summary>
public sealed record RewriteStep(string Message, string To, IReadOnlyList<FieldRewrite> Sets) : Step
{
    /// <summary>For a message without a name: which delivery to the device (null when <see cref="Message"/> names it).</summary>
    public ProtocolPick? Pick { get; init; }

    /// <inheritdoc/>
    public override string Keyword => "rewrite";
}

/// <summary>One field a rewrite sets: its path from the ProtoMsg, and a written value, a value drawn from the seed, or another message's value.</summary>
public sealed record FieldRewrite(string Path, string? Value, bool Random = false, string? From = null);

/// <summary>
/// A delivery picked without a message name (protocol traffic: invites, accepts, group notices): the <see cref="Nth"/>
/// (from 1) delivery of ProtoMsg kind <see cref="Kind"/> to the device, from <see cref="From"/> if given, that crossed
/// the network so far.
/// </summary>
public sealed record ProtocolPick(string Kind, string? From, int Nth);

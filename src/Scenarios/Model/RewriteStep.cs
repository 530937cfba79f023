namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>rewrite: { message | kind, from?, nth?, to, set: { PATH: VALUE, … } }</c>: an active adversary delivers to the
/// device <see cref="To"/> a copy of a message it saw with wire fields set (the original stays in flight). The message
/// is a named one (<see cref="Message"/>) or, for protocol traffic that has no name, the <see cref="Pick"/>-th delivery
/// of a kind to the device. A PATH names a field of the ProtoMsg (<c>e2ee_msg.one2one_msg.sequence</c>,
/// <c>invite_msg.bob_one_time_pre_key_id</c>); a VALUE is written in the file, <c>random</c> (from the seed) or
/// <c>{ from: NAME }</c> (the same field of another message, spliced). Sets apply in the order written; then, with
/// <see cref="Reencrypt"/>, an adversary's state copy seals a replacement text under the message's key (a group message
/// signed with the copy's identity key), and the copy is a new message named <see cref="As"/>.
/// </summary>
public sealed record RewriteStep(string Message, string To, IReadOnlyList<FieldRewrite> Sets) : Step
{
    /// <summary>For a message without a name: which delivery to the device (null when <see cref="Message"/> names it).</summary>
    public ProtocolPick? Pick { get; init; }

    /// <summary>The re-encryption after the sets, or null: only the sets.</summary>
    public Reencryption? Reencrypt { get; init; }

    /// <summary>With <see cref="Reencrypt"/>: the name the forged message goes by (its own ledger entry; the copy gets a fresh msg_id).</summary>
    public string? As { get; init; }

    /// <inheritdoc/>
    public override string Keyword => "rewrite";
}

/// <summary>
/// <c>reencrypt: { by, text | size }</c>: the adversary state <see cref="By"/> (the <c>as</c> of a compromise) seals
/// <see cref="Text"/> (or <see cref="Size"/> filler bytes) under the key of the message it rewrites.
/// </summary>
public sealed record Reencryption(string By, string? Text, int? Size);

/// <summary>One field a rewrite sets: its path from the ProtoMsg, and a written value, a value drawn from the seed, or another message's value.</summary>
public sealed record FieldRewrite(string Path, string? Value, bool Random = false, string? From = null);

/// <summary>
/// A delivery picked without a message name (protocol traffic: invites, accepts, group notices): the <see cref="Nth"/>
/// (from 1) delivery of ProtoMsg kind <see cref="Kind"/> to the device, from <see cref="From"/> if given, that crossed
/// the network so far.
/// </summary>
public sealed record ProtocolPick(string Kind, string? From, int Nth);

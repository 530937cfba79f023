namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// Which in-flight deliveries a network step acts on. A delivery is one stored ProtoMsg on its way to one device.
/// <see cref="Messages"/> are message names (the <c>as</c> of sends; empty: any message), <see cref="To"/> a device or a
/// user (null: any recipient), <see cref="From"/> the sending device or user (null: any sender; "server" for the
/// server's own messages), <see cref="Kind"/> a ProtoMsg kind (<c>invite</c>, <c>accept</c>, <c>one2one</c>,
/// <c>group</c>, <c>create_group</c>, <c>add_members</c>, <c>remove_members</c>, <c>add_member_device</c>,
/// <c>leave_group</c>, <c>supply_opks</c>, <c>add_user_device</c>, …; null: any).
/// </summary>
public sealed record MessageSelector(IReadOnlyList<string> Messages, string? To = null, string? Kind = null, string? From = null)
{
    /// <summary>Every in-flight delivery (no condition).</summary>
    public static MessageSelector All { get; } = new([]);

    /// <summary>Whether the selector sets no condition at all (same as <see cref="All"/>).</summary>
    public bool IsAll => Messages.Count == 0 && To is null && Kind is null && From is null;
}

/// <summary>
/// <c>deliver</c>: hands in-flight messages to their devices.
/// <list type="bullet">
/// <item><c>deliver: all</c> — everything in flight, in server order, again and again until nothing is in flight (held
/// and delayed messages wait); the traffic the deliveries cause is delivered too.</item>
/// <item><c>deliver: { to?, message(s)?, kind?, order?, shuffle? }</c> — one pass over the selected messages: in server
/// order, in the given <c>order</c> (message names; each must be in flight), or shuffled by the seed. What they cause
/// stays in flight.</item>
/// </list>
/// </summary>
public sealed record DeliverStep(MessageSelector Select, bool UntilQuiet, IReadOnlyList<string> Order, bool Shuffle) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "deliver";
}

/// <summary><c>hold: SELECTOR</c>: selected in-flight messages (and later ones matching it, until released) are not delivered.</summary>
public sealed record HoldStep(MessageSelector Select) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "hold";
}

/// <summary><c>release: SELECTOR | all</c>: held messages become deliverable again (in their server order).</summary>
public sealed record ReleaseStep(MessageSelector Select) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "release";
}

/// <summary>
/// <c>drop: SELECTOR</c>: the network loses these deliveries. The server still stores the messages (unconsumed), so
/// <c>run_until_quiet</c> (server redelivery) brings them again.
/// </summary>
public sealed record DropStep(MessageSelector Select) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "drop";
}

/// <summary><c>duplicate: SELECTOR</c>: each selected delivery is made twice, the copy right after the original (same ProtoMsg id).</summary>
public sealed record DuplicateStep(MessageSelector Select) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "duplicate";
}

/// <summary><c>delay: { SELECTOR, steps: N }</c>: the selected deliveries wait until N more steps have run.</summary>
public sealed record DelayStep(MessageSelector Select, int Steps) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "delay";
}

/// <summary>
/// <c>replay: { message, to }</c>: an active network adversary re-sends an already delivered message to a device, in
/// a ProtoMsg with a fresh id (so the device's duplicate filter does not hide it: the engine's replay protection must).
/// Delivered at once; the device's consume of the fake id is absorbed by the adversary.
/// </summary>
public sealed record ReplayStep(string Message, string To) : Step
{
    /// <summary>For a message without a name (protocol traffic): which delivery to the device; <see cref="Message"/> is then empty.</summary>
    public ProtocolPick? Pick { get; init; }

    /// <inheritdoc/>
    public override string Keyword => "replay";
}

/// <summary>
/// <c>tamper: { message, to, field, byte?, bit? }</c>: an active network adversary delivers a copy of the message with
/// one bit flipped in a named field (<c>ciphertext</c>, <c>session_id</c>, <c>sequence</c>, <c>ratchet_key</c>,
/// <c>signature</c>, <c>from</c>, <c>msg_id</c>): bit <c>bit</c> (default 0) of byte <c>byte</c> (default: drawn from
/// the seed; <c>sequence</c> is the 4 bytes of the 32-bit counter, least significant first), under a fresh ProtoMsg
/// id. In a text field (<c>session_id</c>, <c>msg_id</c>, <c>from</c>) the character at <c>byte</c> is changed
/// instead. The original stays in flight.
/// </summary>
public sealed record TamperStep(string Message, string To, string Field, int? Byte) : Step
{
    /// <summary>For a message without a name (protocol traffic): which delivery to the device; <see cref="Message"/> is then empty.</summary>
    public ProtocolPick? Pick { get; init; }

    /// <summary>The bit (0–7) of the byte to flip; null: bit 0.</summary>
    public int? Bit { get; init; }

    /// <inheritdoc/>
    public override string Keyword => "tamper";
}

/// <summary>
/// <c>run_until_quiet</c>: delivers everything in flight until quiet, then asks the server to redeliver what devices
/// have not consumed (dropped messages), until nothing is left. Held and delayed messages still wait.
/// </summary>
public sealed record RunUntilQuietStep : Step
{
    /// <inheritdoc/>
    public override string Keyword => "run_until_quiet";
}

/// <summary>
/// <c>chaos: { deliveries?, drop?, duplicate?, reorder? }</c>: a network whose faults are drawn from the seed (as in
/// TigerBeetle's VOPR). Up to <see cref="Deliveries"/> times (or until nothing is in flight) it picks a deliverable
/// message — any of them when <see cref="Reorder"/>, else the oldest of a random recipient — and drops it with
/// probability <see cref="Drop"/> (the server still holds it: <c>run_until_quiet</c> or the end of the run brings it
/// again), delivers it twice with probability <see cref="Duplicate"/>, or delivers it.
/// </summary>
public sealed record ChaosStep(int Deliveries, double Drop, double Duplicate, bool Reorder) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "chaos";

    /// <summary>How many deliveries a chaos step makes at most when it names no <c>deliveries</c>.</summary>
    public const int DefaultDeliveries = 10_000;
}

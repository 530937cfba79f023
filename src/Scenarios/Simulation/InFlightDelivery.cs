using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// One stored ProtoMsg on its way to one device. <see cref="Sequence"/> is the server order. The label (the scenario's
/// message name) is found from the E2eeMsg's msg_id once the sender's device reported what it encrypted.
/// </summary>
public sealed class InFlightDelivery(long sequence, string to, ProtoMsg message, string kind, Func<string> from)
{
    /// <summary>The server order: 1 for the first delivery queued in the run, counting up.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The recipient device's scenario name ("bob/1").</summary>
    public string To { get; } = to;

    /// <summary>The sender's scenario name ("alice/1"), or "server" (resolved when asked: a device may name itself only once registered).</summary>
    public string From => from();

    /// <summary>The stored ProtoMsg as the server queued it.</summary>
    public ProtoMsg Message { get; } = message;

    /// <summary>The ProtoMsg kind: invite, accept, one2one, group, create_group, add_members, … (see <see cref="ProtoMsgKinds"/>).</summary>
    public string Kind { get; } = kind;

    /// <summary>The E2eeMsg msg_id, or empty for messages that carry none.</summary>
    public string MsgId => Message.E2EeMsg?.MsgId ?? "";

    /// <summary>The server's ProtoMsg id (tag.proto_msg_id), or empty.</summary>
    public string ProtoMsgId => Message.Tag?.ProtoMsgId ?? "";

    /// <summary>Held explicitly by a hold step (until released).</summary>
    public bool Held { get; set; }

    /// <summary>Released explicitly: no hold rule applies to it any more.</summary>
    public bool Released { get; set; }

    /// <summary>Not deliverable before this step number.</summary>
    public int DelayedUntilStep { get; set; }

    /// <summary>Extra deliveries of the same ProtoMsg right after the first (duplicate faults).</summary>
    public int Duplicates { get; set; }
}

namespace E2eeConformance.Scenarios.Running;

/// <summary>What one arrow (or note) of a run's sequence diagram shows.</summary>
public enum DiagramEventKind
{
    /// <summary>A device's request to the server (From = device, To = "server").</summary>
    Request,

    /// <summary>The server hands a stored ProtoMsg to a device (From = "server", To = device).</summary>
    Delivery,

    /// <summary>A fault the network injected (drop, duplicate, delay, replay, tamper, hold…); To = the device it concerns.</summary>
    Fault,

    /// <summary>A note over one participant: a step header, a restart, a clock advance, a compromise, an adversary's attempt.</summary>
    Note,
}

/// <summary>
/// One event of a run, in order, for the sequence diagrams of the HTML report. Participants are "server", device names
/// ("alice/1") and adversary names. <see cref="Label"/> is short ("send_one2one_msg m1", "e2ee m1", "tampered m3");
/// <see cref="Outcome"/> is what came of it ("received \"hi\"", "bad_tag", "ok", "refused: not_found") or empty.
/// </summary>
public sealed record DiagramEvent(DiagramEventKind Kind, string From, string To, string Label, string Outcome);

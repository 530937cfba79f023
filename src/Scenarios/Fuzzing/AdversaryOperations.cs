namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The active network adversary's share of the grammar (profile <c>adversary</c>): it delivers again (<c>replay</c>)
/// or with one bit of a field flipped (<c>tamper</c>) a message the model knows went in flight to the device. What the
/// device reports for the copy depends on the field and the drawn bit, so those codes are tolerated at that device
/// (<see cref="FuzzTolerance"/>); the invariants still hold: nothing is read twice, nobody reads what was not meant for
/// it, and every original is read once the network heals. <c>msg_id</c> is not tampered with: the runner tracked
/// messages by that unauthenticated id (issue 14 §2), which would make the run fail for the harness's sake.
/// </summary>
internal sealed class AdversaryOperations(FuzzDraw draw)
{
    /// <summary>The fields of a one-to-one message the adversary changes.</summary>
    private static readonly string[] One2OneFields = ["ciphertext", "ratchet_key", "sequence", "session_id", "from"];

    /// <summary>The fields of a group message the adversary changes.</summary>
    private static readonly string[] GroupFields = ["ciphertext", "signature", "sequence", "session_id", "from"];

    private FuzzWorld World => draw.World;

    /// <summary>Adds this share's choices for the turn.</summary>
    public void AddChoices(List<(int Weight, Action Act)> choices)
    {
        List<FuzzMessage> seen = [.. World.Messages.Where(m => m.InFlightTo.Count > 0)];
        if (seen.Count > 0)
        {
            choices.Add((2, () => Replay(draw.Pick(seen))));
            choices.Add((3, () => Tamper(draw.Pick(seen))));
        }
    }

    private void Replay(FuzzMessage message)
    {
        string to = draw.Pick(message.InFlightTo);
        Tolerate(to, FuzzTolerance.ReplayCodes, "an adversary replays messages to this device");
        TolerateAfterGrace(message, to);
        draw.Emit("replay", FuzzValue.Map(("message", FuzzValue.Of(message.Name)), ("to", FuzzValue.Of(to))));
    }

    private void Tamper(FuzzMessage message)
    {
        string to = draw.Pick(message.InFlightTo);
        string field = draw.Pick(message.Group ? GroupFields : One2OneFields);
        Tolerate(to, FuzzTolerance.TamperCodes(field), "an adversary tampers with messages to this device");
        TolerateAfterGrace(message, to);
        draw.Emit("tamper", FuzzValue.Map(("message", FuzzValue.Of(message.Name)), ("to", FuzzValue.Of(to)), ("field", FuzzValue.Of(field))));
    }

    /// <summary>A copy of a group message sent before a clock jump may meet keys the grace dropped since.</summary>
    private void TolerateAfterGrace(FuzzMessage message, string to)
    {
        if (message.Group && message.ClockJumpsBefore < World.ClockJumps)
        {
            Tolerate(to, FuzzTolerance.PastGraceCodes, "an adversary copies group messages to this device after the clock moved past their keys' grace");
        }
    }

    private void Tolerate(string device, IEnumerable<string> codes, string reason)
    {
        foreach (string code in codes.Where(c => World.Tolerate(device, c)))
        {
            draw.Emit("expect", FuzzTolerance.Step(device, code, reason));
        }
    }
}

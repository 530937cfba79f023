using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// One-to-one messages that arrived too far ahead of their chain (issue 11, "honest reordering beyond the jump limit").
/// Reading such a message would skip more than <see cref="ProtocolLimits.MaxForwardJump"/> message keys — the peer's
/// earlier chain still misses many messages, or the message is deep in a chain we have not opened — so the ratchet
/// refuses it (<c>jump_too_far</c>) and changes nothing. On a reordering network the gap fills later: the message is
/// held (<see cref="PeerSessions.HeldForGap"/>) and retried after every message from the same peer that decrypts.
/// </summary>
/// <remarks>
/// <para>
/// A held message is unauthenticated: its tag cannot be checked before its key is derived, and deriving it is what the
/// jump limit forbids. So holding it can cost nothing that authenticates: it takes a slot out of
/// <see cref="PeerSessions.MaxHeldForGap"/>, an exact copy (same session, same header and ciphertext) takes no second
/// slot, and when every slot is taken the newcomer is refused with <c>jump_too_far</c> — nothing held is evicted.
/// An altered copy takes a slot of its own (telling it from the original needs the key), which a relay could use to
/// fill the slots; it cannot make the device lose a message it already holds or a message that is in reach.
/// </para>
/// <para>
/// Retry: a held message that still jumps too far stays held; one that decrypts is read as if it had just arrived; one
/// that fails otherwise (a bad tag once the gap narrowed, a session no longer kept) is reported as
/// <see cref="ProtocolFailure"/> and dropped. Holding is not a failure of the message that brought it: the server
/// message is consumed as succeeded and <see cref="MessageDeferred"/> is raised, as for messages that overtook an accept.
/// </para>
/// </remarks>
internal static class GapHolding
{
    /// <summary>The reason <see cref="MessageDeferred"/> gives for a held message.</summary>
    public const string HeldReason = "too far ahead of the chain: held until the gap narrows";

    /// <summary>The reason <see cref="MessageDeferred"/> gives for a copy of a message already held.</summary>
    public const string CopyReason = "too far ahead of the chain: a copy is already held";

    /// <summary>
    /// Holds <paramref name="message"/>, which failed with <paramref name="tooFar"/> (<c>jump_too_far</c>); rethrows it
    /// when <see cref="PeerSessions.MaxHeldForGap"/> messages from this peer are already held.
    /// </summary>
    public static DeviceState Hold(DeviceState state, Wire.E2eeMsg message, ProtocolException tooFar, StepContext ctx)
    {
        PeerSessions peer = state.PeerOf(message.From);
        if (peer.HeldForGap.Any(h => IsCopy(h, message)))
        {
            ctx.Raise(new MessageDeferred(state.Name, Addresses.Format(message.From), message.MsgId, CopyReason));
            return state;
        }

        if (peer.HeldForGap.Count >= PeerSessions.MaxHeldForGap)
        {
            throw new ProtocolException(tooFar.Code, $"{tooFar.Detail}; {PeerSessions.MaxHeldForGap} messages from {Addresses.Format(message.From)} are already held until their gap narrows");
        }

        ctx.Raise(new MessageDeferred(state.Name, Addresses.Format(message.From), message.MsgId, HeldReason));
        return state.WithPeer(peer with { HeldForGap = peer.HeldForGap.Add(message.Clone()) });
    }

    /// <summary>
    /// After a message from <paramref name="from"/> decrypted: retries the held messages, again after each one that
    /// decrypts (each may narrow the gap of the others), until a pass reads none. <paramref name="read"/> decrypts and
    /// dispatches one message, throwing <see cref="ProtocolException"/> when it cannot.
    /// </summary>
    public static DeviceState Retry(DeviceState state, Wire.E2eeAddress from, Func<DeviceState, Wire.E2eeMsg, DeviceState> read, StepContext ctx)
    {
        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (Wire.E2eeMsg held in state.PeerOf(from).HeldForGap)
            {
                (state, bool decrypted) = RetryOne(state, from, held, read, ctx);
                progress |= decrypted;
            }
        }

        return state;
    }

    /// <summary>One retry: the new state and whether the message decrypted.</summary>
    private static (DeviceState State, bool Decrypted) RetryOne(DeviceState state, Wire.E2eeAddress from, Wire.E2eeMsg held, Func<DeviceState, Wire.E2eeMsg, DeviceState> read, StepContext ctx)
    {
        PeerSessions peer = state.PeerOf(from);
        DeviceState without = state.WithPeer(peer with { HeldForGap = peer.HeldForGap.Remove(held) });
        int events = ctx.Events.Count;
        try
        {
            return (read(without, held), true);
        }
        catch (ProtocolException e) when (e.Code == ProtocolErrorCode.JumpTooFar)
        {
            ctx.TruncateTo(events);
            return (state, false); // still too far: stays held, in its place
        }
        catch (ProtocolException e)
        {
            ctx.TruncateTo(events);
            ctx.Raise(new ProtocolFailure(state.Name, Wire.ProtoMsg.PayloadOneofCase.E2EeMsg.ToString(), e.Code, $"{held.MsgId} held until its gap narrowed: {e.Detail}", held.MsgId));
            return (without, false);
        }
    }

    /// <summary>An exact copy: the same session, header and ciphertext (the envelope's message id may differ).</summary>
    private static bool IsCopy(Wire.E2eeMsg held, Wire.E2eeMsg message) =>
        held.SessionId == message.SessionId && Equals(held.One2OneMsg, message.One2OneMsg);
}

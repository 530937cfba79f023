using System.Collections.Immutable;
using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// What time does to a session (seed 003 §3.5, §4.3 ConsistencyMonitor, PresenceTracker, FlowControl; §2.3's
/// warnings): a text not acknowledged by all its other readers within the ack timeout raises <c>unacked</c> once; a
/// member silent past the presence timeout raises <c>member_absent</c> once (until heard again); a member acknowledges
/// what it read after the ack delay with an empty message, and sends one as a heartbeat when it has been silent; a
/// message still waiting for its parents past the parent timeout is refused (<c>parent_missing</c>: a false claim or a
/// lost parent); a previous subsession closes when its shutdown grace is over. Acknowledgements and heartbeats are not
/// themselves acknowledged (no re-acking of acks, MP-17).
/// </summary>
internal static class Liveness
{
    public static ChannelSession Tick(ChannelSession s, StepContext x)
    {
        if (s.Previous is { } previous)
        {
            if (previous.ClosesAtMs is { } closes && closes <= x.Now)
            {
                x.Fx.Note(s.Channel.Name, $"{x.Self} closes subsession {previous.SidHex[..8]} (its shutdown grace is over)");
                s = s with { Previous = null, ClosedHints = s.ClosedHints.Add(previous.Hint), Deferred = s.Deferred.RemoveAll(d => d.SidHex == previous.SidHex) };
            }
            else
            {
                s = s with { Previous = Monitor(s.Channel.Name, AutoAck(s.Channel.Name, previous, x, heartbeat: false), x) };
            }
        }

        if (s.Current is { } current)
        {
            s = s with { Current = Monitor(s.Channel.Name, AutoAck(s.Channel.Name, current, x, heartbeat: true), x) };
        }

        foreach (DeferredMessage late in s.Deferred.Where(d => d.ArrivedAtMs + x.Timers.ParentTimeoutMs <= x.Now).ToList())
        {
            x.Fx.Event(new InputRefused(s.Channel.Name, MpencErrorCode.ParentMissing, $"{late.Author}'s message {Transcript.Short(late.Id)} names parents that never came ({string.Join(", ", late.Parents.Select(Transcript.Short))})"));
            s = s with { Deferred = s.Deferred.Remove(late) };
        }

        foreach (UnreadablePacket late in s.Unreadable.Where(u => u.ArrivedAtMs + x.Timers.ParentTimeoutMs <= x.Now).ToList())
        {
            if (late.Refusal is { } code)
            {
                x.Fx.Event(new InputRefused(s.Channel.Name, code, late.Detail));
            }
            else
            {
                // Not a refusal: the channel carries every subsession's packets, and one this member never joined is not for it.
                x.Fx.Note(s.Channel.Name, $"{x.Self} drops a packet no subsession of its reads");
            }

            s = s with { Unreadable = s.Unreadable.Remove(late) };
        }

        if (s.Ongoing is { AbortSent: false } op && op.Initiator == x.Self && op.StartedAtMs + x.Timers.OperationTimeoutMs <= x.Now)
        {
            s = s with { Ongoing = OperationEnd.SendAbort(s, x, op, "it did not finish within the operation timeout") };
        }

        return Proposals.TrySend(s, x);
    }

    /// <summary>An automatic acknowledgement of texts read and not yet acknowledged, after the ack delay; or a heartbeat after a silence.</summary>
    private static Subsession AutoAck(string channel, Subsession sub, StepContext x, bool heartbeat)
    {
        bool owes = sub.Transcript.Entries.Values.Any(e => e.IsContent && e.Author != x.Self && !e.AckedBy.Contains(x.Self) && e.AcceptedAtMs + x.Timers.AckDelayMs <= x.Now);
        bool silent = heartbeat && sub.LastSentMs + x.Timers.HeartbeatMs <= x.Now;
        if (!owes && !silent)
        {
            return sub;
        }

        x.Fx.Note(channel, $"{x.Self} sends {(owes ? "an acknowledgement" : "a heartbeat")} in {sub.SidHex[..8]}");
        return Messenger.SendIn(channel, sub, x, "");
    }

    private static Subsession Monitor(string channel, Subsession sub, StepContext x)
    {
        Transcript t = sub.Transcript;
        foreach (string id in t.Order)
        {
            TranscriptEntry e = t.Entries[id];
            if (!e.IsContent || e.Warned || e.AcceptedAtMs + x.Timers.AckTimeoutMs > x.Now)
            {
                continue;
            }

            ImmutableArray<string> missing = [.. sub.ReadersOf(e.Author).Where(r => r != x.Self && !e.AckedBy.Contains(r))];
            if (!missing.IsEmpty)
            {
                x.Fx.Event(new SessionWarning(channel, "unacked", id, missing, $"{Transcript.Short(id)} of {e.Author} is not acknowledged by {string.Join(", ", missing)}"));
                t = t.With(e with { Warned = true });
            }
        }

        ImmutableHashSet<string> absent = sub.Absent;
        foreach (string member in sub.Members.Where(m => m != x.Self && !sub.Absent.Contains(m)))
        {
            if (sub.LastHeard.GetValueOrDefault(member, sub.StartedAtMs) + x.Timers.PresenceTimeoutMs <= x.Now)
            {
                x.Fx.Event(new SessionWarning(channel, "member_absent", member, [member], $"{member} has not been heard from in {sub.SidHex[..8]}"));
                absent = absent.Add(member);
            }
        }

        return sub with { Transcript = t, Absent = absent };
    }
}

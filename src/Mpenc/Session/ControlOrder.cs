using System.Collections.Immutable;
using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// The channel's control order as this member takes it (seed 003 §2.2, §4.1: the transport should deliver channel
/// events in one order to everyone, and members verify this; MP-15): membership changes and greetings are taken strictly
/// in their control-order place — an early one waits for the gap before it, a repeated one is ignored — and data packets
/// go straight to the session, where causal order takes over (§3.4). A greeting that fails its checks does not take its
/// place (a tampered copy cannot push out the genuine packet); a gap is waited for as long as it takes (the channel delivers every
/// event exactly once, §4.1; skipping one would leave this member with another order than everyone's), and at most
/// <see cref="SessionTimers.MaxWaiting"/> distinct early events wait (beyond: <c>channel_gap</c>).
/// </summary>
internal static class ControlOrder
{
    /// <summary>At most this many copies of one place in the control order wait (a tampered copy and the genuine one, and a few more).</summary>
    public const int MaxCopiesPerPlace = 4;

    /// <summary>A channel event, in its place.</summary>
    public static ChannelSession OnEvent(ChannelSession s, StepContext x, ChannelEvent e)
    {
        if (e.ControlSeq is not { } seq)
        {
            // A data packet this member posted comes back as the channel's echo: it is in its transcript since it sent it (or, its subsession closed, gone with it).
            return e.Kind == ChannelEventKind.Packet && e.User == x.Self ? s
                : Messenger.OnPacket(s, x, e.Packet ?? throw new MpencException(MpencErrorCode.Malformed, "a channel event without a packet or a place"));
        }

        bool ownEntry = e.Kind == ChannelEventKind.Entered && e.User == x.Self && s.Channel.Entering && !s.Channel.Inside;
        if (!ownEntry && !s.Channel.Inside && !s.Channel.Entering)
        {
            x.Fx.Note(s.Channel.Name, $"{x.Self} ignores a channel event of {s.Channel.Name}: it is not in the channel ({e})");
            return s;
        }

        if (!ownEntry && (!s.Channel.Inside || seq > s.Channel.NextControl))
        {
            return Wait(s, x, e);
        }

        if (!ownEntry && seq < s.Channel.NextControl)
        {
            x.Fx.Note(s.Channel.Name, $"{x.Self} ignores a repeated channel event ({e})");
            return s;
        }

        (ChannelSession next, bool taken) = Take(s, x, e);
        if (!taken)
        {
            return next;
        }

        next = next with { Channel = next.Channel with { NextControl = seq + 1 } };
        return Drain(next, x);
    }

    private static ChannelSession Wait(ChannelSession s, StepContext x, ChannelEvent e)
    {
        if (s.Channel.Waiting.Any(w => w.Event.ControlSeq == e.ControlSeq && w.Event.Kind == e.Kind && w.Event.User == e.User && w.Event.Packet == e.Packet))
        {
            x.Fx.Note(s.Channel.Name, $"{x.Self} ignores a repeated channel event ({e})");
            return s;
        }

        if (e.Kind == ChannelEventKind.Packet)
        {
            // Checked as far as this member can already (a self-signed greeting, or one whose author's key it knows:
            // ephemeral keys are not renewed while a member stays, MP-14): a tampered copy is refused at once rather than
            // waiting, so a flood of them cannot crowd out the genuine packet.
            _ = Greeter.Read(s, e);
        }

        ImmutableList<(ChannelEvent Event, long ArrivedAtMs)> waiting = s.Channel.Waiting;
        if (waiting.Count(w => w.Event.ControlSeq == e.ControlSeq) >= MaxCopiesPerPlace)
        {
            // Copies of one place beyond a few are an adversary's: the newest replaces the oldest of that place.
            waiting = waiting.Remove(waiting.First(w => w.Event.ControlSeq == e.ControlSeq));
        }
        else if (waiting.Count >= x.Timers.MaxWaiting)
        {
            // Full: a surplus copy of a place that has another waiting gives way; only distinct places are never dropped.
            (ChannelEvent Event, long ArrivedAtMs) surplus = waiting.FirstOrDefault(w => waiting.Count(o => o.Event.ControlSeq == w.Event.ControlSeq) > 1);
            waiting = surplus.Event is not null ? waiting.Remove(surplus)
                : throw new MpencException(MpencErrorCode.ChannelGap, $"{x.Self} holds {x.Timers.MaxWaiting} early channel events of distinct places already");
        }

        return s with { Channel = s.Channel with { Waiting = waiting.Add((e, x.Now)) } };
    }

    /// <summary>Takes the waiting events that are next, in order; of several copies for one place, the first that passes its checks.</summary>
    private static ChannelSession Drain(ChannelSession s, StepContext x)
    {
        while (s.Channel.Inside && s.Channel.Waiting.FirstOrDefault(w => w.Event.ControlSeq <= s.Channel.NextControl) is { Event: not null } waiting)
        {
            s = s with { Channel = s.Channel with { Waiting = s.Channel.Waiting.Remove(waiting) } };
            if (waiting.Event.ControlSeq < s.Channel.NextControl)
            {
                continue;
            }

            (ChannelSession next, bool taken) = Take(s, x, waiting.Event);
            s = taken ? next with { Channel = next.Channel with { NextControl = waiting.Event.ControlSeq!.Value + 1 } } : next;
        }

        return s;
    }

    private static (ChannelSession Session, bool Taken) Take(ChannelSession s, StepContext x, ChannelEvent e)
    {
        switch (e.Kind)
        {
            case ChannelEventKind.Entered:
                return (Entered(s, x, e), true);
            case ChannelEventKind.Left when e.User == x.Self:
                x.Fx.Event(new ChannelLeft(s.Channel.Name));
                return (s with
                {
                    Channel = s.Channel with { Inside = false, Entering = false, Roster = [], Waiting = [] },
                    LastFinal = null,
                    ChainHash = ChannelSession.InitialChainHash,
                    KnowsOrder = false,
                    Gka = Gka.CliquesMember.New(x.Self),
                    Current = null,

                    // Packets sent to it before it left may still come (a dropped one, redelivered): its last
                    // subsession stays readable for the shutdown grace, as after any operation (MP-19).
                    Previous = s.Current is { } last ? last with { ClosesAtMs = x.Now + x.Timers.ShutdownGraceMs } : s.Previous,
                    ClosedHints = s.Current is not null && s.Previous is { } older ? s.ClosedHints.Add(older.Hint) : s.ClosedHints,
                    Ongoing = null,
                    Proposals = [],
                }, true);
            case ChannelEventKind.Left:
                return (Greeter.OnLeft(s, x, e.User), true);
            default:
                try
                {
                    (Messages.Greeting g, string id) = Greeter.Read(s, e);
                    return (Greeter.OnGreeting(s, x, g, id), true);
                }
                catch (MpencException ex)
                {
                    x.Fx.Event(new InputRefused(s.Channel.Name, ex.Code, $"a greeting in the channel's place {e.ControlSeq}: {ex.Message}"));
                    return (s, false);
                }
        }
    }

    private static ChannelSession Entered(ChannelSession s, StepContext x, ChannelEvent e)
    {
        ChannelView view = s.Channel;
        if (e.User == x.Self && !view.Inside)
        {
            IReadOnlyList<RosterEntry> roster = e.Roster ?? [];
            view = view with
            {
                Inside = true,
                Entering = false,
                Roster = [.. roster.Select(r => r.User), x.Self],
                IdentityKeys = view.IdentityKeys.SetItems(roster.Select(r => KeyValuePair.Create(r.User, r.IdentityKey))).SetItem(x.Self, e.IdentityKey ?? []),
                NextControl = e.ControlSeq!.Value + 1,
            };
            x.Fx.Note(s.Channel.Name, $"{x.Self} is in {s.Channel.Name} with {(roster.Count == 0 ? "no one else" : string.Join(", ", roster.Select(r => r.User)))}");
        }
        else if (!view.Roster.Contains(e.User))
        {
            view = view with { Roster = view.Roster.Add(e.User), IdentityKeys = view.IdentityKeys.SetItem(e.User, e.IdentityKey ?? []) };
        }

        return Proposals.TrySend(s with { Channel = view }, x);
    }
}

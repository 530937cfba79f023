using System.Collections.Immutable;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Gka;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// This member's proposals (seed 003 §3.1, §4.2: the component that manages operations the local user proposed, with
/// retries): a proposal waits until nothing else is in progress, none of its own is on its way, and everyone the next
/// membership names is in the channel (§3.3); then its initial packet leaves, naming the previous final packet and the
/// chain hash. The agreements' states it prepares are applied only if the control order accepts it; a proposal that
/// lost is tried again after the operation that won, re-read against the membership then (an inclusion of someone who
/// is a member by now, or an exclusion of someone gone, is dropped).
/// </summary>
internal static class Proposals
{
    /// <summary>Adds a proposal and sends it if it can go now.</summary>
    public static ChannelSession Add(ChannelSession s, StepContext x, OperationKind kind, IReadOnlyList<string> targets)
    {
        if (targets.Contains(x.Self) && kind != OperationKind.Start)
        {
            // §3.3: we never initiate operations to exclude ourselves; parting is leaving the channel.
            throw new MpencException(MpencErrorCode.BadMembers, kind == OperationKind.Exclude ? "a member never excludes itself: it parts (leave)" : $"{x.Self} is a member already");
        }

        if (kind != OperationKind.Start && s.Current is null)
        {
            throw new MpencException(MpencErrorCode.NoSession, $"{x.Self} has no session in {s.Channel.Name} to change");
        }

        var proposal = new Proposal(kind, [.. targets.Where(t => t != x.Self).Distinct(StringComparer.Ordinal)], null, null, null);
        return TrySend(s with { Proposals = s.Proposals.Add(proposal) }, x);
    }

    /// <summary>
    /// Sends the first proposal that can go now (nothing in progress, none of this member's on its way, everyone it
    /// names in the channel), in the order they were made; one that no longer fits is dropped, one that waits for the
    /// channel lets a later one go first (an exclusion of a member who left goes before an inclusion that waits for it).
    /// </summary>
    public static ChannelSession TrySend(ChannelSession s, StepContext x)
    {
        int i = 0;
        while (s.Ongoing is null && s.Channel.Inside && i < s.Proposals.Count && s.Proposals.All(p => p.InFlightId is null))
        {
            Proposal p = s.Proposals[i];
            (ImmutableArray<string> targets, string? drop, bool wait) = Reread(s, x, p);
            if (drop is not null)
            {
                x.Fx.Event(new ProposalRejected(s.Channel.Name, p.Kind, drop));
                s = s with { Proposals = s.Proposals.RemoveAt(i) };
                continue;
            }

            if (wait)
            {
                i++;
                continue;
            }

            try
            {
                (Proposal sent, string wire) = Prepare(s, x, p with { Targets = targets });
                x.Fx.Request(new Channel.PostPacket(s.Channel.Name, wire, Greeting: true));
                x.Fx.Note(s.Channel.Name, $"{x.Self} proposes {OperationKinds.Describe(p.Kind, targets)} after {(s.LastFinal is null ? "no earlier operation" : Transcript.Short(s.LastFinal))}");
                return s with { Proposals = s.Proposals.SetItem(i, sent) };
            }
            catch (MpencException e)
            {
                x.Fx.Event(new InputRefused(s.Channel.Name, e.Code, e.Message));
                s = s with { Proposals = s.Proposals.RemoveAt(i) };
            }
        }

        return s;
    }

    /// <summary>The proposal's targets as the membership is now, or why it is dropped, or that it must wait for the channel.</summary>
    private static (ImmutableArray<string> Targets, string? Drop, bool Wait) Reread(ChannelSession s, StepContext x, Proposal p)
    {
        ImmutableArray<string> members = s.Current?.Members ?? [];
        switch (p.Kind)
        {
            case OperationKind.Start when s.Current is not null:
                return ([], "a session exists already: include members instead", false);
            case OperationKind.Start:
                return p.Targets.IsEmpty ? ([], "a group needs another member", false)
                    : s.Channel.Roster.Any(r => r != x.Self && !p.Targets.Contains(r)) ? ([], "an initial agreement names everyone in the channel (MP-22)", false)
                    : (p.Targets, null, !s.Channel.HasAll([x.Self, .. p.Targets]));
            case OperationKind.Include:
                ImmutableArray<string> joining = [.. p.Targets.Where(t => !members.Contains(t))];
                return joining.IsEmpty ? ([], "everyone it names is a member already", false)
                    : (joining, null, !s.Channel.HasAll([.. members, .. joining]));
            case OperationKind.Exclude:
                // Members gone from the channel are excluded along (§3.3): the exclusion cannot wait for them to come back.
                ImmutableArray<string> leaving = [.. members.Where(m => m != x.Self && (p.Targets.Contains(m) || !s.Channel.Roster.Contains(m)))];
                ImmutableArray<string> staying = [.. members.Where(m => !leaving.Contains(m))];
                return leaving.IsEmpty ? ([], "no one it names is a member any more", false)
                    : staying.Length < 2 ? ([], "an exclusion leaves at least two members", false)
                    : (leaving, null, !s.Channel.HasAll(staying));
            default:
                return s.Current is null ? ([], "no session to refresh", false) : ([], null, !s.Channel.HasAll(members));
        }
    }

    private static (Proposal Sent, string Wire) Prepare(ChannelSession s, StepContext x, Proposal p)
    {
        (CliquesMember gka, CliquesFlow gflow, AskeMember aske, AskeFlow aflow) = p.Kind switch
        {
            OperationKind.Start => Pair(CliquesMember.New(x.Self).StartAgreement(p.Targets, x.Random), s.Aske.StartExchange(p.Targets, x.Random)),
            OperationKind.Include => Pair(s.Gka.Include(p.Targets, x.Random), s.Aske.Include(p.Targets)),
            OperationKind.Exclude => Pair(s.Gka.Exclude(p.Targets, x.Random), s.Aske.Exclude(p.Targets, x.Random)),
            _ => Pair(s.Gka.Refresh(x.Random), s.Aske.Refresh(x.Random)),
        };
        byte[] signingKey = aske.EphemeralSigningKey ?? throw new MpencException(MpencErrorCode.WrongTurn, "no ephemeral signing key");
        (string wire, string id) = GreetingWire.Encode(GreetKind.InitialOf(p.Kind), x.Self, gflow, aflow, s.LastFinal, s.ChainHash, s.Current?.Transcript.Heads ?? [], signingKey);
        return (p with { InFlightId = id, PreparedGka = gka, PreparedAske = aske }, wire);
    }

    private static (CliquesMember, CliquesFlow, AskeMember, AskeFlow) Pair((CliquesMember Member, CliquesFlow Flow) gka, (AskeMember Member, AskeFlow Flow) aske) =>
        (gka.Member, gka.Flow, aske.Member, aske.Flow);
}

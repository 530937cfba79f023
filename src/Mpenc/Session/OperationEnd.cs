using System.Collections.Immutable;
using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// How an operation fails (seed 003 §3.1: on failure all temporary state of the operation goes and the current
/// subsession stays; §3.3: a target leaving the channel fails it): for every member at the same place in the control
/// order — a target's departure, or an abort packet from its initiator (after the operation timeout) or from a
/// participant that cannot go on (MP-16). The initiator's proposal is retried after a failure, at most
/// <see cref="SessionTimers.MaxAttempts"/> times.
/// </summary>
internal static class OperationEnd
{
    /// <summary>The operation fails here; the member's own proposal behind it waits to be tried again (or is dropped).</summary>
    public static ChannelSession Fail(ChannelSession s, StepContext x, Operation op, string why)
    {
        x.Fx.Event(new OperationFailed(s.Channel.Name, op.Kind, why));
        ImmutableList<Proposal> proposals = s.Proposals;
        int i = proposals.FindIndex(p => p.InFlightId == op.InitialId);
        if (i >= 0)
        {
            Proposal p = proposals[i] with { InFlightId = null, PreparedGka = null, PreparedAske = null, Failures = proposals[i].Failures + 1 };
            if (p.Failures >= x.Timers.MaxAttempts)
            {
                x.Fx.Event(new ProposalRejected(s.Channel.Name, p.Kind, $"it failed {p.Failures} times"));
                proposals = proposals.RemoveAt(i);
            }
            else
            {
                proposals = proposals.SetItem(i, p);
            }
        }

        // A newcomer that took the order from this operation learns it again: a failed operation proves nothing of it.
        return op.Adopted
            ? s with { Ongoing = null, Proposals = proposals, KnowsOrder = false, LastFinal = null, ChainHash = ChannelSession.InitialChainHash }
            : s with { Ongoing = null, Proposals = proposals };
    }

    /// <summary>Posts an abort of <paramref name="op"/> (once): its initial packet's id in PREV_PF, signed with this member's ephemeral key.</summary>
    public static Operation SendAbort(ChannelSession s, StepContext x, Operation op, string why)
    {
        if (op.AbortSent)
        {
            return op;
        }

        byte[] key = s.Aske.EphemeralSigningKey ?? op.Aske?.EphemeralSigningKey ?? Fresh(x);
        byte[] publicKey = new byte[Aske.AskeMember.PublicKeyLength];
        Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.GeneratePublicKey(key, 0, publicKey, 0);
        var greeting = new Greeting(GreetKind.Abort, x.Self, null, [x.Self], [], [], [publicKey], Convert.FromHexString(op.InitialId), null, [], null);
        x.Fx.Request(new PostPacket(s.Channel.Name, WirePacket.Wrap(GreetingPacket.Encode(greeting, key)), Greeting: true));
        x.Fx.Note(s.Channel.Name, $"{x.Self} aborts {op.Initiator}'s {op.Kind}: {why}");
        return op with { AbortSent = true };
    }

    /// <summary>An abort in its place: it fails the ongoing operation it names, if its author takes part in it.</summary>
    public static ChannelSession OnAbort(ChannelSession s, StepContext x, Greeting g)
    {
        string? names = g.PrevPf is { } pf ? Convert.ToHexStringLower(pf) : null;
        if (s.Current is null && s.Ongoing is { } followed && names is not null && followed.SetAside.Contains(names))
        {
            // A newcomer follows the first proposal naming it (MP-15); an abort of another operation shows the group was
            // in that one, so the followed proposal was rejected: it learns the order again from the next proposal.
            x.Fx.Note(s.Channel.Name, $"{x.Self} leaves {followed.Initiator}'s proposal: the group was in another operation");
            return s with { Ongoing = null, KnowsOrder = false, LastFinal = null, ChainHash = ChannelSession.InitialChainHash };
        }

        if (s.Ongoing is not { } op || names != op.InitialId || !(op.Members.Contains(g.Source) || op.Initiator == g.Source))
        {
            x.Fx.Note(s.Channel.Name, $"{x.Self} ignores {g.Source}'s abort: it names no operation in progress that {g.Source} takes part in");
            return s;
        }

        return Proposals.TrySend(Fail(s, x, op, $"{g.Source} aborted it"), x);
    }

    private static byte[] Fresh(StepContext x)
    {
        byte[] key = new byte[Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.SecretKeySize];
        x.Random.Fill(key);
        return key;
    }
}

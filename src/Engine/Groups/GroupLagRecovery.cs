using System.Collections.Immutable;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// Finds a member's real chain after adds our copy lagged through (issue 11, convergence; docs/CONVERGENCE.md). After an
/// add every member re-derives the others' chains as add(its copy at its own position) (REFERENCE-BEHAVIOUR §41). When a
/// member's messages were still in flight at the add, our copy lagged behind its real position p, and its post-add chain
/// is add(CK at p); everything derived from that chain later is off too: the chains of later adds, the member's own
/// invite (welcome and add at the notice's exact sequence) and the welcome chains of the newcomers it invited. The
/// reference has no recovery: its members stay unable to read that member.
/// </summary>
/// <remarks>
/// <para>
/// A chain's levels are its retired positions, oldest first, then its current one; each level was derived from the one
/// below by an add (at our position, maybe lagging), by the member's invite (exact), or by something that cannot be
/// derived again (then the search stops there). For a lag at level j — nothing decrypted on any level above it, which
/// would have confirmed it — the member's level j+1 is add(level j at p) for some p up to the jump limit past ours, and
/// the levels above follow by their derivations (an add at 0: the member sent nothing in between that we have seen).
/// </para>
/// <para>
/// The first candidate whose chain at some level decrypts the message (AEAD-authenticated) is the member's — or, for a
/// newcomer's message, the first candidate for its inviter — or, through newcomers nothing was decrypted from, for
/// the inviter's inviter — whose welcome chains, carried down the welcomes and up the newcomer's own levels, decrypt it. Committed: level j fast-forwarded to p (its keys before p stay for the in-flight messages), the levels
/// up to the one confirmed replaced (an invite level fast-forwarded to its sequence, keeping the keys of the messages
/// written before the invite), and the chains of the newcomers welcomed on the replaced levels derived again. The levels
/// above the confirmed one that the member's own invites made follow exactly and are corrected too; the others are left
/// for a later message. Nothing is committed when no candidate decrypts.
/// </para>
/// </remarks>
internal static class GroupLagRecovery
{
    /// <summary>A candidate for a chain: the lag at level <paramref name="Lag"/>, position <paramref name="Position"/>,
    /// and the start chains of levels Lag+1 … top derived from it.</summary>
    private sealed record Candidate(int Lag, uint Position, IReadOnlyList<ChainKey> Levels);

    /// <summary>One welcome on the way from a lagging inviter down to a message's sender: <paramref name="Inviter"/>'s
    /// invite on its retired level <paramref name="Level"/> welcomed <paramref name="Newcomer"/>, the
    /// <paramref name="Index"/>th in its list.</summary>
    private sealed record WelcomeHop(string Inviter, int Level, int Index, string Newcomer);

    /// <summary>How many welcomes a newcomer's message is traced back through to the inviter whose lag it inherited.</summary>
    private const int MaxWelcomeDepth = 8;

    /// <summary>
    /// Tries to decrypt the message of <paramref name="senderKey"/> on a corrected chain; the corrected session and the
    /// text, or null (nothing changed) when no candidate decrypts it. A candidate chain decrypts as
    /// <see cref="GroupChainState.Decrypt"/> does with <paramref name="deviations"/>.
    /// </summary>
    public static (GroupSession Session, byte[] Text)? TryRecover(
        GroupSession session, string senderKey, uint sequence, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        GroupReceiverChain sender = session.Receivers[senderKey];
        foreach (Candidate candidate in Candidates(sender))
        {
            for (int k = 0; k < candidate.Levels.Count; k++)
            {
                if (TryDecrypt(candidate.Levels[k], sequence, ad, ciphertext, deviations) is { } read)
                {
                    int confirmed = candidate.Lag + 1 + k;
                    return (Commit(session, senderKey, candidate, ExactUpTo(sender, confirmed), (senderKey, confirmed, read.State), deviations), read.Text);
                }
            }
        }

        if (!AllUntouched(sender))
        {
            return null;
        }

        foreach (List<WelcomeHop> path in WelcomePaths(session, senderKey, [senderKey]))
        {
            WelcomeHop root = path[0];
            GroupReceiverChain inviter = session.Receivers[root.Inviter];
            foreach (Candidate candidate in Candidates(inviter).Where(c => c.Lag < root.Level))
            {
                if (AlongPath(session, path, candidate.Levels[root.Level - candidate.Lag - 1], sequence, ad, ciphertext, deviations) is { } read)
                {
                    return (Commit(session, root.Inviter, candidate, ExactUpTo(inviter, root.Level + 1), (senderKey, read.Level, read.State), deviations), read.Text);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A message of <paramref name="senderKey"/> was just read on its retired level <paramref name="level"/> at or past
    /// <paramref name="derivedFrom"/>, the position our level above was derived from by an add (seed 000 §Add members;
    /// REFERENCE-BEHAVIOUR §41: every member re-derives the others' chains from its own position): the member was ahead of
    /// our copy at that add, and wrote on level <paramref name="level"/> at least up to where the chain now stands. The
    /// levels above — when nothing was decrypted on any of them, which would have confirmed them — are derived again
    /// from there at once, as <see cref="TryRecover"/> would have found them from the member's next message: that search
    /// needs the retired level, which the grace drops (fuzz finding <c>group-text-after-add-and-clock-jump</c>: a day
    /// later, the member's next text could no longer be read by anyone who had lagged). A position read on level
    /// <paramref name="level"/> is a lower bound of the member's real one, so this never moves a chain past it; a later
    /// message written still further ahead is found by the search as before.
    /// </summary>
    public static GroupSession AfterRetiredRead(GroupSession session, string senderKey, int level, uint derivedFrom, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        GroupReceiverChain chain = session.Receivers[senderKey];
        RetiredGroupChain read = chain.Retired[level];
        if (!read.ReplacedByAdd || read.State.Chain.Index <= derivedFrom || !GroupReceiverChain.Untouched(chain.Current)
            || chain.Retired.Skip(level + 1).Any(r => !GroupReceiverChain.Untouched(r.State))
            || DeriveUp(chain, level + 1, GroupChainDerivation.Add(read.State.Chain)) is not { } levels)
        {
            return session;
        }

        var candidate = new Candidate(level, read.State.Chain.Index, levels);
        return Commit(session, senderKey, candidate, chain.Retired.Count, (senderKey, level, read.State), deviations);
    }

    /// <summary>
    /// The highest level of <paramref name="chain"/> that follows exactly from level <paramref name="confirmed"/>: each
    /// level above it made by the member's own invite (welcome and add at the notice's exact sequence) is as sure as the
    /// one below, so it is corrected with it — a later message there must not have to find a lag the search can no
    /// longer see (a level below it decrypted something). An add level stops it: the member may have written on the
    /// level below in between.
    /// </summary>
    private static int ExactUpTo(GroupReceiverChain chain, int confirmed)
    {
        int top = confirmed;
        while (top < chain.Retired.Count && chain.Retired[top].Invite is not null)
        {
            top++;
        }

        return top;
    }

    /// <summary>The candidates for <paramref name="chain"/>'s real levels, nearest lag first (see the remarks).</summary>
    private static IEnumerable<Candidate> Candidates(GroupReceiverChain chain)
    {
        if (!GroupReceiverChain.Untouched(chain.Current))
        {
            yield break;
        }

        int top = chain.Retired.Count;
        for (int j = top - 1; j >= 0; j--)
        {
            RetiredGroupChain level = chain.Retired[j];
            if (level.ReplacedByAdd)
            {
                ChainKey position = level.State.Chain;
                for (int step = 0; step <= ProtocolLimits.MaxForwardJump && position.Index < ProtocolLimits.MaxMessagesPerChain; step++, position = position.Next())
                {
                    List<ChainKey>? levels = DeriveUp(chain, j + 1, GroupChainDerivation.Add(position));
                    if (levels is null)
                    {
                        yield break;
                    }

                    yield return new Candidate(j, position.Index, levels);
                }
            }
            else if (level.Invite is null)
            {
                yield break; // replaced by something that cannot be derived again: no lag below is visible from here
            }

            if (!GroupReceiverChain.Untouched(level.State))
            {
                yield break; // something decrypted on our derivation of level j: the lag is not below it
            }
        }
    }

    /// <summary>
    /// The start chains of <paramref name="chain"/>'s levels <paramref name="from"/> … top, level <paramref name="from"/>
    /// starting at <paramref name="start"/>; null when a level above was derived in a way that cannot be repeated.
    /// </summary>
    private static List<ChainKey>? DeriveUp(GroupReceiverChain chain, int from, ChainKey start)
    {
        var levels = new List<ChainKey>(chain.Retired.Count - from + 1) { start };
        for (int l = from; l < chain.Retired.Count; l++)
        {
            RetiredGroupChain level = chain.Retired[l];
            if (level.Invite is { } invite)
            {
                if (invite.Sequence >= ProtocolLimits.MaxMessagesPerChain)
                {
                    return null;
                }

                levels.Add(GroupChainDerivation.WelcomeAndAdd(At(levels[^1], invite.Sequence), invite.Welcomed.Length).Inviter);
            }
            else if (level.ReplacedByAdd)
            {
                levels.Add(GroupChainDerivation.Add(levels[^1]));
            }
            else
            {
                return null;
            }
        }

        return levels;
    }

    /// <summary>
    /// The ways <paramref name="newcomerKey"/>'s chain came down from an inviter that may have lagged, root first,
    /// nearest first: its own welcomer, then — when that welcomer is itself a newcomer nothing was decrypted from — the
    /// welcomer's welcomer, and so on, up to <see cref="MaxWelcomeDepth"/> welcomes and never through a member twice. A
    /// lag before an add reaches a newcomer welcomed by a newcomer of the lagging member (seed 1193; catalog 79).
    /// </summary>
    private static IEnumerable<List<WelcomeHop>> WelcomePaths(GroupSession session, string newcomerKey, HashSet<string> onPath)
    {
        foreach ((string inviter, int level, int index) in Welcomers(session, newcomerKey))
        {
            var hop = new WelcomeHop(inviter, level, index, newcomerKey);
            yield return [hop];
            if (onPath.Count < MaxWelcomeDepth && AllUntouched(session.Receivers[inviter]) && onPath.Add(inviter))
            {
                foreach (List<WelcomeHop> above in WelcomePaths(session, inviter, onPath))
                {
                    yield return [.. above, hop];
                }

                onPath.Remove(inviter);
            }
        }
    }

    /// <summary>
    /// Follows <paramref name="path"/> down from the root inviter's invite level starting at <paramref name="rootStart"/>:
    /// each newcomer's levels derived from its welcome, the next welcome taken from the newcomer's own invite level; the
    /// sender's level that decrypts the message, its state and the text, or null.
    /// </summary>
    private static (int Level, GroupChainState State, byte[] Text)? AlongPath(
        GroupSession session, List<WelcomeHop> path, ChainKey rootStart, uint sequence, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, ProtocolDeviations deviations)
    {
        ChainKey start = rootStart;
        for (int h = 0; h < path.Count; h++)
        {
            WelcomeHop hop = path[h];
            GroupInvite invite = session.Receivers[hop.Inviter].Retired[hop.Level].Invite!;
            List<ChainKey>? levels = DeriveUp(session.Receivers[hop.Newcomer], 0, Welcomed(start, invite, hop.Index));
            if (levels is null)
            {
                return null;
            }

            if (h < path.Count - 1)
            {
                start = levels[path[h + 1].Level];
                continue;
            }

            for (int k = 0; k < levels.Count; k++)
            {
                if (TryDecrypt(levels[k], sequence, ad, ciphertext, deviations) is { } read)
                {
                    return (k, read.State, read.Text);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The newcomers whose chains were welcomed by another member's invite that is still retired here: the inviter,
    /// the retired level of the invite, and the newcomer's place in its list — only when the newcomer's levels line up
    /// with the inviter's above the invite (none of them dropped since).
    /// </summary>
    private static IEnumerable<(string Inviter, int Level, int Index)> Welcomers(GroupSession session, string newcomerKey)
    {
        GroupReceiverChain newcomer = session.Receivers[newcomerKey];
        foreach ((string key, GroupReceiverChain chain) in session.Receivers)
        {
            if (key == newcomerKey)
            {
                continue;
            }

            for (int l = chain.Retired.Count - 1; l >= 0; l--)
            {
                if (chain.Retired[l].Invite is { } invite && invite.Welcomed.IndexOf(newcomerKey) is var index and >= 0
                    && chain.Retired.Count - (l + 1) == newcomer.Retired.Count)
                {
                    yield return (key, l, index);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The session with <paramref name="chainKey"/>'s chain corrected by <paramref name="candidate"/> up to level
    /// <paramref name="confirmed"/>, the newcomers welcomed on the corrected levels derived again, and the state that
    /// decrypted the message put in place (<paramref name="decrypted"/>: whose chain, which level, the state).
    /// </summary>
    private static GroupSession Commit(GroupSession session, string chainKey, Candidate candidate, int confirmed, (string Key, int Level, GroupChainState State) decrypted, ProtocolDeviations deviations)
    {
        GroupReceiverChain chain = session.Receivers[chainKey];
        int j = candidate.Lag;
        ImmutableList<RetiredGroupChain> retired = chain.Retired.SetItem(j, chain.Retired[j] with { State = chain.Retired[j].State.FastForward(candidate.Position, deviations) });
        GroupChainState current = chain.Current;
        var invites = new List<(GroupInvite Invite, ChainKey Start, int Level)>();
        for (int level = j + 1; level <= confirmed; level++)
        {
            ChainKey start = candidate.Levels[level - j - 1];
            if (level == chain.Retired.Count)
            {
                current = GroupChainState.Start(start);
                continue;
            }

            GroupInvite? invite = retired[level].Invite;
            GroupChainState state = invite is null ? GroupChainState.Start(start) : GroupChainState.Start(start).FastForward(invite.Sequence, deviations);
            retired = retired.SetItem(level, retired[level] with { State = state });
            if (invite is not null)
            {
                invites.Add((invite, start, level));
            }
        }

        ImmutableDictionary<string, GroupReceiverChain> receivers = session.Receivers.SetItem(chainKey, chain with { Current = current, Retired = retired });
        receivers = RederiveWelcomed(receivers, [.. invites.Select(i => (chain.Retired.Count, i.Invite, i.Start, i.Level))], deviations);
        return session with { Receivers = receivers.SetItem(decrypted.Key, WithLevel(receivers[decrypted.Key], decrypted.Level, decrypted.State, deviations)) };
    }

    /// <summary>
    /// The newcomers welcomed by corrected invites derived again — and, in turn, the newcomers those newcomers invited
    /// (their own invite levels start from chains that were off too): a lag before an add reaches every chain welcomed
    /// from it, however many invites down. Only newcomers nothing was decrypted from, whose levels line up with their
    /// inviter's above the invite; each at most once. <paramref name="invites"/>: the inviter's number of retired levels,
    /// the invite, the inviter's corrected start chain of the invite's level, and that level.
    /// </summary>
    private static ImmutableDictionary<string, GroupReceiverChain> RederiveWelcomed(
        ImmutableDictionary<string, GroupReceiverChain> receivers, List<(int InviterLevels, GroupInvite Invite, ChainKey Start, int Level)> invites, ProtocolDeviations deviations)
    {
        HashSet<string> done = new(StringComparer.Ordinal);
        var work = new Queue<(int InviterLevels, GroupInvite Invite, ChainKey Start, int Level)>(invites);
        while (work.TryDequeue(out var next))
        {
            (int inviterLevels, GroupInvite invite, ChainKey start, int level) = next;
            for (int index = 0; index < invite.Welcomed.Length; index++)
            {
                string key = invite.Welcomed[index];
                if (!done.Contains(key) && receivers.TryGetValue(key, out GroupReceiverChain? newcomer) && AllUntouched(newcomer)
                    && inviterLevels - (level + 1) == newcomer.Retired.Count
                    && DeriveUp(newcomer, 0, Welcomed(start, invite, index)) is { } levels)
                {
                    done.Add(key);
                    receivers = receivers.SetItem(key, Restarted(newcomer, levels, deviations));
                    for (int l = 0; l < newcomer.Retired.Count; l++)
                    {
                        if (newcomer.Retired[l].Invite is { } own)
                        {
                            work.Enqueue((newcomer.Retired.Count, own, levels[l], l));
                        }
                    }
                }
            }
        }

        return receivers;
    }

    /// <summary>
    /// The chain with <paramref name="state"/> at level <paramref name="level"/>; an invite level keeps the keys up to the
    /// invite's sequence (messages written before it, still in flight).
    /// </summary>
    private static GroupReceiverChain WithLevel(GroupReceiverChain chain, int level, GroupChainState state, ProtocolDeviations deviations)
    {
        if (level == chain.Retired.Count)
        {
            return chain with { Current = state };
        }

        RetiredGroupChain retired = chain.Retired[level];
        if (retired.Invite is { } invite && state.Chain.Index < invite.Sequence)
        {
            state = state.FastForward(invite.Sequence, deviations);
        }

        return chain with { Retired = chain.Retired.SetItem(level, retired with { State = state }) };
    }

    /// <summary>A newcomer's chain with every level restarted at <paramref name="levels"/> (an invite level at its sequence).</summary>
    private static GroupReceiverChain Restarted(GroupReceiverChain chain, List<ChainKey> levels, ProtocolDeviations deviations)
    {
        ImmutableList<RetiredGroupChain> retired = chain.Retired;
        for (int l = 0; l < retired.Count; l++)
        {
            GroupChainState state = GroupChainState.Start(levels[l]);
            retired = retired.SetItem(l, retired[l] with { State = retired[l].Invite is { } invite ? state.FastForward(invite.Sequence, deviations) : state });
        }

        return chain with { Current = GroupChainState.Start(levels[^1]), Retired = retired };
    }

    private static ChainKey Welcomed(ChainKey inviterLevel, GroupInvite invite, int index) =>
        GroupChainDerivation.WelcomeAndAdd(At(inviterLevel, invite.Sequence), invite.Welcomed.Length).Newcomers[index];

    /// <summary>
    /// The chain key at <paramref name="index"/> of the chain starting at <paramref name="start"/>; the keys passed on
    /// the way are wiped (the start is the caller's).
    /// </summary>
    private static ChainKey At(ChainKey start, uint index)
    {
        ChainKey at = start;
        while (at.Index < index)
        {
            ChainKey next = at.Next();
            if (!ReferenceEquals(at, start))
            {
                at.Dispose();
            }

            at = next;
        }

        return at;
    }

    private static bool AllUntouched(GroupReceiverChain chain) =>
        GroupReceiverChain.Untouched(chain.Current) && chain.Retired.All(r => GroupReceiverChain.Untouched(r.State));

    private static (GroupChainState State, byte[] Text)? TryDecrypt(ChainKey start, uint sequence, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, ProtocolDeviations deviations)
    {
        try
        {
            return GroupChainState.Start(start).Decrypt(sequence, ad, ciphertext, deviations);
        }
        catch (Errors.ProtocolException)
        {
            return null;
        }
    }
}

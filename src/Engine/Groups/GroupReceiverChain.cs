using System.Collections.Immutable;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// Our copy of one other member device's sending chain (the reference's inbound group session; REFERENCE-BEHAVIOUR §36, 39):
/// the current position, and the positions it had before membership changes (retired, for messages still in flight).
/// </summary>
public sealed record GroupReceiverChain(GroupMember Member, GroupChainState Current, ImmutableList<RetiredGroupChain> Retired)
{
    /// <summary>
    /// The receiver chain of <paramref name="member"/> starting at <paramref name="chain"/>, with no retired positions.
    /// </summary>
    public static GroupReceiverChain Start(GroupMember member, ChainKey chain) => new(member, GroupChainState.Start(chain), []);

    /// <summary>
    /// Decrypts on the current chain, or — when that fails — on a retired one (a message sent before the last add), or
    /// by re-deriving the post-add chain (below). All attempts work on copies; only the one that succeeds is committed.
    /// </summary>
    /// <remarks>
    /// After an add, each member re-derives the others' chains as add(its copy at its own position) (REFERENCE-BEHAVIOUR §41).
    /// When a member's messages were still in flight at the add, our copy lagged behind its real position p, and the
    /// member's post-add chain is add(CK at p). While nothing has decrypted on our re-derived chain yet, we look for p
    /// within <see cref="ProtocolLimits.MaxForwardJump"/> positions past ours: the p whose add-chain decrypts the message
    /// (AEAD-authenticated) is the member's; the keys of positions before p stay with the retired chain so the in-flight
    /// messages still decrypt. The reference has no such recovery: its members stay unable to read that member.
    /// <para>
    /// When nothing decrypts, the error reported is the current chain's, unless a retired chain recognises the very
    /// ciphertext as one it decrypted: then it is a <c>replay</c> (a pre-add message delivered again). A pre-add message
    /// whose retired chain is gone fails on the current chain alone: <c>bad_tag</c> at a position it has not reached,
    /// <c>superseded_chain</c> at one it spent on another message.
    /// </para>
    /// </remarks>
    public (GroupReceiverChain Next, byte[] Text) Decrypt(uint sequence, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext)
    {
        ProtocolException failure;
        try
        {
            (GroupChainState next, byte[] text) = Current.Decrypt(sequence, ad, ciphertext);
            return (this with { Current = next }, text);
        }
        catch (ProtocolException e) when (IsKeyFailure(e.Code) && !Retired.IsEmpty)
        {
            failure = e;
        }

        ProtocolException? retiredReplay = null;
        for (int i = Retired.Count - 1; i >= 0; i--)
        {
            try
            {
                (GroupChainState next, byte[] text) = Retired[i].State.Decrypt(sequence, ad, ciphertext);
                return (this with { Retired = Retired.SetItem(i, Retired[i] with { State = next }) }, text);
            }
            catch (ProtocolException e) when (e.Code == ProtocolErrorCode.Replay)
            {
                // The retired chain decrypted this very ciphertext (its fingerprint matches): a replay, whatever the
                // current chain, whose indices restarted at the add, says about the same index.
                retiredReplay ??= e;
            }
            catch (ProtocolException)
            {
                // Not a message of that retired chain either: the current chain's verdict is the one reported.
            }
        }

        if (TryResynchronise(sequence, ad, ciphertext) is { } found)
        {
            return found;
        }

        throw retiredReplay ?? failure;
    }

    /// <summary>The failures that say "not a key of this chain" (as opposed to a malformed or out-of-bounds message).</summary>
    private static bool IsKeyFailure(ProtocolErrorCode code) =>
        code is ProtocolErrorCode.BadTag or ProtocolErrorCode.Replay or ProtocolErrorCode.EvictedKey or ProtocolErrorCode.SupersededChain;

    /// <summary>
    /// Finds the member's real chain after one or more adds our copy lagged through (see <see cref="Decrypt"/>). Levels
    /// are the retired positions, oldest first, then the current chain; level l+1 was derived as add(level l at our
    /// position). For a lag at level j — every level above it untouched (nothing decrypted on our derivation, which
    /// would have confirmed it) — the member's level j+1 is add(level j at p) for some p up to the jump limit past ours,
    /// and the levels above follow as add(… at 0) (the member sent nothing in between that we have seen either). The
    /// first candidate whose chain at some level decrypts the message (AEAD-authenticated) is the member's: levels j+1 …
    /// up to that level are replaced, level j is fast-forwarded to p; levels above are left for a later message.
    /// </summary>
    private (GroupReceiverChain Next, byte[] Text)? TryResynchronise(uint sequence, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext)
    {
        if (!Untouched(Current))
        {
            return null;
        }

        int top = Retired.Count; // the current chain's level
        for (int j = top - 1; j >= 0 && Retired[j].ReplacedByAdd; j--)
        {
            ChainKey position = Retired[j].State.Chain;
            for (int step = 0; step <= ProtocolLimits.MaxForwardJump && position.Index < ProtocolLimits.MaxMessagesPerChain; step++, position = position.Next())
            {
                ChainKey derived = GroupChainDerivation.Add(position);
                var chains = new List<ChainKey>(top - j);
                for (int level = j + 1; level <= top; level++)
                {
                    chains.Add(derived);
                    try
                    {
                        (GroupChainState next, byte[] text) = GroupChainState.Start(derived).Decrypt(sequence, ad, ciphertext);
                        return (Resynchronised(j, position.Index, chains, next), text);
                    }
                    catch (ProtocolException)
                    {
                    }

                    derived = GroupChainDerivation.Add(derived);
                }
            }

            if (j > 0 && !Untouched(Retired[j].State))
            {
                break; // something decrypted on our derivation of level j: the lag is not below it
            }
        }

        return null;
    }

    /// <summary>Whether nothing has been decrypted on a chain since it was derived.</summary>
    private static bool Untouched(GroupChainState state) => state.Chain.Index == 0 && state.SkippedKeys.IsEmpty;

    /// <summary>
    /// The chain with level <paramref name="j"/> fast-forwarded to <paramref name="p"/> and levels j+1 … replaced by
    /// <paramref name="chains"/> (the last of them as <paramref name="decrypted"/>, which read the message).
    /// </summary>
    private GroupReceiverChain Resynchronised(int j, uint p, List<ChainKey> chains, GroupChainState decrypted)
    {
        ImmutableList<RetiredGroupChain> retired = Retired.SetItem(j, Retired[j] with { State = Retired[j].State.FastForward(p) });
        GroupChainState current = Current;
        for (int k = 0; k < chains.Count; k++)
        {
            int level = j + 1 + k;
            GroupChainState state = k == chains.Count - 1 ? decrypted : GroupChainState.Start(chains[k]);
            if (level == Retired.Count)
            {
                current = state;
            }
            else
            {
                retired = retired.SetItem(level, retired[level] with { State = state });
            }
        }

        return this with { Current = current, Retired = retired };
    }

    /// <summary>
    /// Replaces the chain (membership change), retiring the current position. <paramref name="byAdd"/>: the replacement
    /// is add(current position), so it may be re-derived later if the member turns out to have been ahead.
    /// </summary>
    public GroupReceiverChain Replace(ChainKey chain, long nowMs, bool byAdd = false)
    {
        ImmutableList<RetiredGroupChain> retired = Retired.Add(new RetiredGroupChain(Current, nowMs, byAdd));
        if (retired.Count > ProtocolLimits.MaxRetiredGroupChains)
        {
            retired = retired.RemoveRange(0, retired.Count - ProtocolLimits.MaxRetiredGroupChains);
        }

        return new GroupReceiverChain(Member, GroupChainState.Start(chain), retired);
    }

    /// <summary>Drops retired positions whose grace has passed (forward secrecy at the group layer).</summary>
    public GroupReceiverChain Prune(long nowMs)
    {
        long cutoff = nowMs - (long)ProtocolLimits.RetiredGroupSessionGrace.TotalMilliseconds;
        return Retired.Any(r => r.RetiredAtMs < cutoff) ? this with { Retired = Retired.RemoveAll(r => r.RetiredAtMs < cutoff) } : this;
    }

    /// <inheritdoc/>
    public override string ToString() => $"GroupReceiverChain({Member.Key}, {Current}, {Retired.Count} retired)";
}

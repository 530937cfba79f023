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
    /// Decrypts on the current chain, or — when that fails — on a retired one (a message sent before the last add). All
    /// attempts work on copies; only the one that succeeds is committed. When neither decrypts, the session may still
    /// find the member's real chain after adds our copy lagged through (<see cref="GroupLagRecovery"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// When nothing decrypts, the error reported is the current chain's, unless a retired chain recognises the very
    /// ciphertext as one it decrypted: then it is a <c>replay</c> (a pre-add message delivered again). A pre-add message
    /// whose retired chain is gone fails on the current chain alone: <c>bad_tag</c> at a position it has not reached,
    /// <c>superseded_chain</c> at one it spent on another message.
    /// </para>
    /// <para><paramref name="deviations"/>: see <see cref="GroupChainState.Decrypt"/>.</para>
    /// </remarks>
    public (GroupReceiverChain Next, byte[] Text) Decrypt(uint sequence, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        ProtocolException failure;
        try
        {
            (GroupChainState next, byte[] text) = Current.Decrypt(sequence, ad, ciphertext, deviations);
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
                (GroupChainState next, byte[] text) = Retired[i].State.Decrypt(sequence, ad, ciphertext, deviations);
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

        throw retiredReplay ?? failure;
    }

    /// <summary>The failures that say "not a key of this chain" (as opposed to a malformed or out-of-bounds message).</summary>
    internal static bool IsKeyFailure(ProtocolErrorCode code) =>
        code is ProtocolErrorCode.BadTag or ProtocolErrorCode.Replay or ProtocolErrorCode.EvictedKey or ProtocolErrorCode.SupersededChain;

    /// <summary>Whether nothing has been decrypted on a chain since it was derived (a fast-forward decrypts nothing).</summary>
    internal static bool Untouched(GroupChainState state) => state.Spent.IsEmpty;

    /// <summary>
    /// Replaces the chain (membership change), retiring the current position. <paramref name="byAdd"/>: the replacement
    /// is add(current position), so it may be re-derived later if the member turns out to have been ahead.
    /// <paramref name="invite"/>: the replacement is the member's own invite at an exact sequence.
    /// </summary>
    public GroupReceiverChain Replace(ChainKey chain, long nowMs, bool byAdd = false, GroupInvite? invite = null)
    {
        ImmutableList<RetiredGroupChain> retired = Retired.Add(new RetiredGroupChain(Current, nowMs, byAdd, invite));
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

using System.Collections.Immutable;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// Our copy of one other member device's sending chain (the reference's inbound group session; PROTOCOL-FACTS 36, 39):
/// the current position, and the positions it had before membership changes (retired, for messages still in flight).
/// </summary>
public sealed record GroupReceiverChain(GroupMember Member, GroupChainState Current, ImmutableList<RetiredGroupChain> Retired)
{
    public static GroupReceiverChain Start(GroupMember member, ChainKey chain) => new(member, GroupChainState.Start(chain), []);

    /// <summary>
    /// Decrypts on the current chain, or — when that fails — on a retired one (a message sent before the last add).
    /// All attempts work on copies; only the one that succeeds is committed.
    /// </summary>
    public (GroupReceiverChain Next, byte[] Text) Decrypt(uint sequence, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext)
    {
        try
        {
            (GroupChainState next, byte[] text) = Current.Decrypt(sequence, ad, ciphertext);
            return (this with { Current = next }, text);
        }
        catch (ProtocolException first) when (first.Code is ProtocolErrorCode.BadTag or ProtocolErrorCode.Replay && !Retired.IsEmpty)
        {
            for (int i = Retired.Count - 1; i >= 0; i--)
            {
                try
                {
                    (GroupChainState next, byte[] text) = Retired[i].State.Decrypt(sequence, ad, ciphertext);
                    return (this with { Retired = Retired.SetItem(i, Retired[i] with { State = next }) }, text);
                }
                catch (ProtocolException)
                {
                }
            }

            throw;
        }
    }

    /// <summary>Replaces the chain (membership change), retiring the current position.</summary>
    public GroupReceiverChain Replace(ChainKey chain, long nowMs)
    {
        ImmutableList<RetiredGroupChain> retired = Retired.Add(new RetiredGroupChain(Current, nowMs));
        if (retired.Count > ProtocolLimits.MaxRetiredGroupSessions)
        {
            retired = retired.RemoveRange(0, retired.Count - ProtocolLimits.MaxRetiredGroupSessions);
        }

        return new GroupReceiverChain(Member, GroupChainState.Start(chain), retired);
    }

    /// <summary>Drops retired positions whose grace has passed (forward secrecy at the group layer).</summary>
    public GroupReceiverChain Prune(long nowMs)
    {
        long cutoff = nowMs - (long)ProtocolLimits.RetiredGroupSessionGrace.TotalMilliseconds;
        return Retired.Any(r => r.RetiredAtMs < cutoff) ? this with { Retired = Retired.RemoveAll(r => r.RetiredAtMs < cutoff) } : this;
    }

    public override string ToString() => $"GroupReceiverChain({Member.Key}, {Current}, {Retired.Count} retired)";
}

using System.Collections.Immutable;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.SenderKeys.Groups;

/// <summary>
/// A receiver's copy of one of a sender's keys: the chain key at <see cref="Next"/>, the message keys it skipped to get
/// there (bounded out-of-order within a chain, SK-8), and when the key retires (null while it is the newest). Pure.
/// </summary>
public sealed record ReceivingChain(uint KeyId, byte[] ChainKey, ulong Next, ImmutableSortedDictionary<ulong, byte[]> Skipped, long? RetiresAtMs)
{
    /// <summary>The chain a distribution starts.</summary>
    public static ReceivingChain From(SenderKeyDistribution d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new ReceivingChain(d.KeyId, d.ChainKey.ToArray(), d.Counter, ImmutableSortedDictionary<ulong, byte[]>.Empty, null);
    }

    /// <summary>
    /// Decrypts <paramref name="message"/> at its counter: a kept skipped key for an older one, skipping (and keeping)
    /// keys for a newer one. Refusals: <c>replay</c> (a position read), <c>counter_outside_window</c> (before the key's
    /// start or evicted), <c>jump_too_far</c>, <c>bad_tag</c>.
    /// </summary>
    public (ReceivingChain Chain, byte[] Plaintext) Decrypt(GroupMessage message, SenderKeyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(policy);
        byte[] ad = AssociatedData.Of(AssociatedData.Group, message.Sender, message.Group, KeyId, message.Counter);
        if (message.Counter < Next)
        {
            if (!Skipped.TryGetValue(message.Counter, out byte[]? kept))
            {
                throw new SenderKeyException(SenderKeyErrorCode.Replay, $"message {message.Counter} of key {KeyId} was read already, or was written before this member got the key");
            }

            return (this with { Skipped = Skipped.Remove(message.Counter) }, Open(kept, ad, message.Sealed));
        }

        ulong jump = message.Counter - Next;
        if (jump > (ulong)policy.MaxForwardJump)
        {
            throw new SenderKeyException(SenderKeyErrorCode.JumpTooFar, $"message {message.Counter} would skip {jump} keys (at most {policy.MaxForwardJump})");
        }

        ImmutableSortedDictionary<ulong, byte[]>.Builder skipped = Skipped.ToBuilder();
        byte[] chain = ChainKey;
        for (ulong i = Next; i < message.Counter; i++)
        {
            skipped[i] = KeySchedule.MessageKey(chain);
            chain = KeySchedule.NextChainKey(chain);
        }

        byte[] plaintext = Open(KeySchedule.MessageKey(chain), ad, message.Sealed);
        while (skipped.Count > policy.MaxSkippedKeys)
        {
            skipped.Remove(skipped.Keys.First());
        }

        return (this with { ChainKey = KeySchedule.NextChainKey(chain), Next = message.Counter + 1, Skipped = skipped.ToImmutable() }, plaintext);
    }

    private static byte[] Open(byte[] messageKey, byte[] ad, byte[] sealedText)
    {
        (byte[] key, byte[] nonce) = KeySchedule.GroupMessageKeys(messageKey);
        return Aead.Open(key, nonce, ad, sealedText);
    }

    /// <inheritdoc/>
    public override string ToString() => $"ReceivingChain(key {KeyId} at #{Next}, {Skipped.Count} skipped{(RetiresAtMs is { } t ? $", retires at {t}" : "")})";
}

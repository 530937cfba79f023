using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Ports;

namespace E2eeConformance.SenderKeys.Groups;

/// <summary>
/// A sender's own Sender Key State for one group (seed 004, "Each sender maintains a Sender Key State per group. The
/// state contains a symmetric chain key and message counter"; "derives a one-time message key from the chain key and
/// advances the chain (hash ratchet)", SK-5). Key ids count up from 1 per (group, sender) (decision SK-10), so a
/// receiver knows which key is newer. Pure: encrypting gives a new state; the old chain key is not kept.
/// </summary>
public sealed record SenderKeyState(string Group, string Sender, uint KeyId, byte[] ChainKey, ulong Counter, long CreatedAtMs)
{
    /// <summary>A fresh state: key id <paramref name="keyId"/>, a chain key from <paramref name="random"/>, counter 0.</summary>
    public static SenderKeyState Create(string group, string sender, uint keyId, IRandom random, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(random);
        byte[] chainKey = new byte[KeySchedule.KeyLength];
        random.Fill(chainKey);
        return new SenderKeyState(group, sender, keyId, chainKey, 0, nowMs);
    }

    /// <summary>
    /// The rotation (seed 004, "Typical rotation sequence: Create a new sender key state (new key id, new chain key)"):
    /// the next key id, a new chain key, counter 0.
    /// </summary>
    public SenderKeyState Rotate(IRandom random, long nowMs) =>
        KeyId == uint.MaxValue
            ? throw new SenderKeyException(SenderKeyErrorCode.CounterOverflow, "the key id cannot grow any more")
            : Create(Group, Sender, KeyId + 1, random, nowMs);

    /// <summary>Whether the policy asks for a rotation now (by message count or by age).</summary>
    public bool NeedsRotation(long nowMs, SenderKeyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return (policy.MaxMessagesPerKey > 0 && Counter >= (ulong)policy.MaxMessagesPerKey)
            || (policy.MaxKeyAge > TimeSpan.Zero && nowMs - CreatedAtMs >= (long)policy.MaxKeyAge.TotalMilliseconds);
    }

    /// <summary>What members get over their pairwise channels: the chain key at the current counter (SK-9).</summary>
    public SenderKeyDistribution Distribution => new(Group, Sender, KeyId, Counter, ChainKey.ToArray());

    /// <summary>Encrypts one group message with the next message key, once for every member.</summary>
    public (SenderKeyState State, GroupMessage Message) Encrypt(ReadOnlySpan<byte> plaintext)
    {
        if (Counter == ulong.MaxValue)
        {
            throw new SenderKeyException(SenderKeyErrorCode.CounterOverflow, "the sender key's counter cannot grow any more; rotate");
        }

        byte[] messageKey = KeySchedule.MessageKey(ChainKey);
        (byte[] key, byte[] nonce) = KeySchedule.GroupMessageKeys(messageKey);
        byte[] sealedText = Aead.Seal(key, nonce, AssociatedData.Of(AssociatedData.Group, Sender, Group, KeyId, Counter), plaintext);
        Array.Clear(messageKey);
        Array.Clear(key);
        return (this with { ChainKey = KeySchedule.NextChainKey(ChainKey), Counter = Counter + 1 }, new GroupMessage(Group, Sender, KeyId, Counter, sealedText));
    }

    /// <inheritdoc/>
    public override string ToString() => $"SenderKeyState({Sender} in {Group}, key {KeyId}, #{Counter})";
}

using System.Collections.Immutable;
using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.SenderKeys.Groups;

/// <summary>
/// What a member holds of one sender in one group (seed 004, "Start encrypting new group messages with the new key
/// id. Accept old key id only during a short transition window, then retire it"): the sender's keys by id. When a
/// newer key id arrives, every older key gets a retirement time, now + <see cref="SenderKeyPolicy.TransitionWindow"/>
/// (decision SK-11: the window starts when the receiver learns the new key, the only clock it can trust); after it, a
/// message under it is <c>retired_key_id</c> and the key is dropped. Pure.
/// </summary>
public sealed record SenderKeyRecord(string Group, string Sender, ImmutableSortedDictionary<uint, ReceivingChain> Keys)
{
    /// <summary>A record with no key yet.</summary>
    public static SenderKeyRecord Empty(string group, string sender) => new(group, sender, ImmutableSortedDictionary<uint, ReceivingChain>.Empty);

    /// <summary>The first key id this member ever got from the sender (older ones were never its to read), or null.</summary>
    public uint? FirstKeyId { get; init; }

    /// <summary>The newest key id held, or null.</summary>
    public uint? Newest => Keys.IsEmpty ? null : Keys.Keys.Last();

    /// <summary>
    /// Takes a distribution of the sender's key (a distribution of a key already held changes nothing: the chain the
    /// receiver holds is at least as far on). A key older than the newest arrives already in its transition window.
    /// </summary>
    public SenderKeyRecord Add(SenderKeyDistribution distribution, long nowMs, SenderKeyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(policy);
        if (distribution.Group != Group || distribution.Sender != Sender)
        {
            throw new SenderKeyException(SenderKeyErrorCode.WrongAddress, $"a key of {distribution.Sender} in {distribution.Group} for the record of {Sender} in {Group}");
        }

        if (Keys.ContainsKey(distribution.KeyId) || IsRetired(distribution.KeyId))
        {
            return this; // held, or retired here: a late copy must not reopen a closed window
        }

        long retireAt = nowMs + (long)policy.TransitionWindow.TotalMilliseconds;
        ReceivingChain chain = ReceivingChain.From(distribution);
        uint first = FirstKeyId is { } f ? Math.Min(f, distribution.KeyId) : distribution.KeyId;
        if (Newest is { } newest && distribution.KeyId < newest)
        {
            return this with { Keys = Keys.Add(distribution.KeyId, chain with { RetiresAtMs = retireAt }), FirstKeyId = first };
        }

        ImmutableSortedDictionary<uint, ReceivingChain>.Builder keys = Keys.ToBuilder();
        foreach ((uint id, ReceivingChain older) in Keys)
        {
            if (older.RetiresAtMs is null)
            {
                keys[id] = older with { RetiresAtMs = retireAt };
            }
        }

        keys[distribution.KeyId] = chain;
        return this with { Keys = keys.ToImmutable(), FirstKeyId = first };
    }

    /// <summary>Decrypts a message of the sender; refusals leave the record as it was.</summary>
    public (SenderKeyRecord Record, byte[] Plaintext) Decrypt(GroupMessage message, long nowMs, SenderKeyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Group != Group || message.Sender != Sender)
        {
            throw new SenderKeyException(SenderKeyErrorCode.WrongAddress, $"a message of {message.Sender} in {message.Group} for the record of {Sender} in {Group}");
        }

        if (!Keys.TryGetValue(message.KeyId, out ReceivingChain? chain))
        {
            throw IsRetired(message.KeyId) || (Newest is { } newest && message.KeyId < newest && message.KeyId >= FirstKeyId)
                ? new SenderKeyException(SenderKeyErrorCode.RetiredKeyId, $"key {message.KeyId} of {Sender} was retired")
                : new SenderKeyException(SenderKeyErrorCode.UnknownKeyId, $"no key {message.KeyId} of {Sender} in {Group} (held: {string.Join(", ", Keys.Keys)})");
        }

        if (chain.RetiresAtMs is { } at && nowMs >= at)
        {
            throw new SenderKeyException(SenderKeyErrorCode.RetiredKeyId, $"key {message.KeyId} of {Sender} left its transition window {nowMs - at} ms ago");
        }

        (ReceivingChain next, byte[] plaintext) = chain.Decrypt(message, policy);
        return (this with { Keys = Keys.SetItem(message.KeyId, next) }, plaintext);
    }

    /// <summary>
    /// The record of a sender that left the group (SK-24): every key it holds enters its transition window now, so a text
    /// the sender wrote before it left and that is still on its way is read, and nothing after the window.
    /// </summary>
    public SenderKeyRecord Retire(long nowMs, SenderKeyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        long retireAt = nowMs + (long)policy.TransitionWindow.TotalMilliseconds;
        return this with { Keys = Keys.SetItems(Keys.Where(k => k.Value.RetiresAtMs is null).Select(k => KeyValuePair.Create(k.Key, k.Value with { RetiresAtMs = retireAt }))) };
    }

    /// <summary>Whether <paramref name="keyId"/> was held here and has been dropped at the end of its window.</summary>
    private bool IsRetired(uint keyId) => FirstKeyId is { } first && !Keys.IsEmpty && keyId >= first && keyId < Keys.Keys.First();

    /// <summary>The record without the keys whose transition window ended by <paramref name="nowMs"/>.</summary>
    public SenderKeyRecord Prune(long nowMs) =>
        this with { Keys = Keys.RemoveRange(Keys.Where(k => k.Value.RetiresAtMs is { } at && nowMs >= at).Select(k => k.Key)) };

    /// <inheritdoc/>
    public override string ToString() => $"SenderKeyRecord({Sender} in {Group}, keys {string.Join(", ", Keys.Keys)})";
}

using System.Collections.Immutable;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Accounts;

/// <summary>
/// A device's account (seed 000 §Account; REFERENCE-BEHAVIOUR §14–16): identity key, signed pre-keys (the current one last;
/// the previous one kept so invites already in flight still succeed), one-time pre-keys numbered 1, 2, … as the
/// reference numbers them. Immutable: every change returns a new account.
/// </summary>
public sealed record Account(
    CipherSuite Suite,
    IdentityKey Identity,
    ImmutableList<SignedPreKey> SignedPreKeys,
    ImmutableList<OneTimePreKey> OneTimePreKeys,
    uint NextOneTimePreKeyId)
{
    /// <summary>The current signed pre-key (the one published in bundles).</summary>
    public SignedPreKey CurrentSignedPreKey => SignedPreKeys[^1];

    /// <summary>One-time pre-keys not yet used by an invite.</summary>
    public int UnusedOneTimePreKeyCount => OneTimePreKeys.Count(k => !k.Used);

    /// <summary>
    /// Creates an account (account.c:create_account): identity key, signed pre-key id 1 signed by the identity key,
    /// and <paramref name="oneTimePreKeys"/> (by default <see cref="ProtocolLimits.OneTimePreKeyBatch"/>) one-time
    /// pre-keys with ids 1 … 100.
    /// </summary>
    public static Account Create(CipherSuite suite, IRandomSource random, long nowMs, int oneTimePreKeys = ProtocolLimits.OneTimePreKeyBatch)
    {
        IdentityKey identity = IdentityKey.Generate(suite, random);
        SignedPreKey spk = SignedPreKey.Generate(suite, identity, 1, nowMs, random);
        var account = new Account(suite, identity, [spk], [], 1);
        return account.WithNewOneTimePreKeys(oneTimePreKeys, random).Account;
    }

    /// <summary>
    /// Adds <paramref name="count"/> one-time pre-keys with the next ids (account.c:generate_opks), answering a
    /// SupplyOpksMsg. Used keys are pruned at the same time. Returns the new keys to publish.
    /// </summary>
    public (Account Account, ImmutableList<OneTimePreKey> Added) WithNewOneTimePreKeys(int count, IRandomSource random)
    {
        if (count is < 0 or > ProtocolLimits.MaxUnusedOneTimePreKeys)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "one-time pre-key batch size");
        }

        var added = ImmutableList.CreateBuilder<OneTimePreKey>();
        uint next = NextOneTimePreKeyId;
        for (int i = 0; i < count; i++)
        {
            added.Add(OneTimePreKey.Generate(next, Suite.Kem, random));
            next = checked(next + 1);
        }

        ImmutableList<OneTimePreKey> newKeys = added.ToImmutable();
        return (this with { OneTimePreKeys = OneTimePreKeys.RemoveAll(k => k.Used).AddRange(newKeys), NextOneTimePreKeyId = next }, newKeys);
    }

    /// <summary>
    /// Signed pre-key renewal at activation (REFERENCE-BEHAVIOUR §16, account.c:account_begin): when now is past the current
    /// key's ttl, a new key with id + 1 is generated; only the last <see cref="ProtocolLimits.RetainedSignedPreKeys"/>
    /// are kept. Returns null for <c>Renewed</c> when nothing was due.
    /// </summary>
    public (Account Account, SignedPreKey? Renewed) RenewSignedPreKeyIfExpired(long nowMs, IRandomSource random)
    {
        SignedPreKey current = CurrentSignedPreKey;
        if (!current.IsExpiredAt(nowMs))
        {
            return (this, null);
        }

        SignedPreKey renewed = SignedPreKey.Generate(Suite, Identity, checked(current.Id + 1), nowMs, random);
        ImmutableList<SignedPreKey> kept = SignedPreKeys.Add(renewed);
        if (kept.Count > ProtocolLimits.RetainedSignedPreKeys)
        {
            kept = kept.RemoveRange(0, kept.Count - ProtocolLimits.RetainedSignedPreKeys);
        }

        return (this with { SignedPreKeys = kept }, renewed);
    }

    /// <summary>The signed pre-key an invite names, current or retained (load_signed_pre_key), else <c>unknown_signed_pre_key</c>.</summary>
    public SignedPreKey SignedPreKeyById(uint id) =>
        SignedPreKeys.FirstOrDefault(k => k.Id == id)
        ?? throw new ProtocolException(ProtocolErrorCode.UnknownSignedPreKey, $"signed pre-key {id} is not held (held: {string.Join(", ", SignedPreKeys.Select(k => k.Id))})");

    /// <summary>An unused one-time pre-key by id, else <c>unknown_one_time_pre_key</c>.</summary>
    public OneTimePreKey UnusedOneTimePreKeyById(uint id) =>
        OneTimePreKeys.FirstOrDefault(k => k.Id == id && !k.Used)
        ?? throw new ProtocolException(ProtocolErrorCode.UnknownOneTimePreKey, $"one-time pre-key {id} is not held or already used");

    /// <summary>Marks a one-time pre-key used (REFERENCE-BEHAVIOUR §21: the invitee marks the one-time pre-key used).</summary>
    public Account WithOneTimePreKeyUsed(uint id)
    {
        int i = OneTimePreKeys.FindIndex(k => k.Id == id);
        return i < 0 ? this : this with { OneTimePreKeys = OneTimePreKeys.SetItem(i, OneTimePreKeys[i] with { Used = true }) };
    }

    /// <summary>This device's pre-key bundle as the server hands it out (PreKeyBundle.proto; REFERENCE-BEHAVIOUR §17).</summary>
    public Wire.PreKeyBundle ToPreKeyBundle(Wire.E2eeAddress address, OneTimePreKey? oneTimePreKey) => new()
    {
        UserAddress = address,
        E2EesPackId = Suite.PackId.Value,
        IdentityKeyPublic = Identity.Public.ToWire(),
        SignedPreKeyPublic = CurrentSignedPreKey.ToPublicWire(),
        OneTimePreKeyPublic = oneTimePreKey?.ToPublicWire(),
    };

    /// <inheritdoc/>
    public override string ToString() =>
        $"Account({Suite.Name}, spk {CurrentSignedPreKey.Id}, {UnusedOneTimePreKeyCount} unused one-time pre-keys)";
}

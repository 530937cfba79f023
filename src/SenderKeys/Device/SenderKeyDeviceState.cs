using System.Collections.Immutable;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Pairwise;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.SenderKeys.Device;

/// <summary>
/// Everything a sender-key device keeps (seed 004, "TsgcWSPClient_E2EE … manages key exchange, encryption and
/// decryption on peer devices"): its identity (the only owner of the private key), the public keys it learned, its
/// pairwise sessions, its groups, and texts waiting for a discovery answer. Immutable; a step gives a new one.
/// </summary>
public sealed record SenderKeyDeviceState(
    string Name,
    P256Identity Identity,
    uint KeyId,
    ImmutableSortedDictionary<string, DeviceKey> Known,
    ImmutableSortedDictionary<string, PairwiseSession> Sessions,
    ImmutableSortedDictionary<string, GroupView> Groups,
    ImmutableList<SendText> Waiting)
{
    /// <summary>How many texts may wait for a discovery answer, and how many keys for their group's notice.</summary>
    public const int MaxWaiting = 256;

    /// <summary>Sender keys that arrived before the membership notice that makes their sender a member (applied with it).</summary>
    public ImmutableList<Groups.SenderKeyDistribution> PendingKeys { get; init; } = [];

    /// <summary>
    /// SK-25: each group the device left, with the membership version that told it so and the last id of its own sender
    /// key there: a notice older than that version does not bring the group back, and a rejoin goes on from the next
    /// key id, so members that still hold the old ids (retired, SK-24) take the new key as the newer one.
    /// </summary>
    public ImmutableSortedDictionary<string, LeftGroup> Left { get; init; } = ImmutableSortedDictionary<string, LeftGroup>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The device's user.</summary>
    public string User => RelayServer.UserOf(Name);

    /// <summary>A new device (not registered yet).</summary>
    public static SenderKeyDeviceState New(string name, P256Identity identity, uint keyId = 1) =>
        new(name, identity, keyId, ImmutableSortedDictionary<string, DeviceKey>.Empty.WithComparers(StringComparer.Ordinal),
            ImmutableSortedDictionary<string, PairwiseSession>.Empty.WithComparers(StringComparer.Ordinal),
            ImmutableSortedDictionary<string, GroupView>.Empty.WithComparers(StringComparer.Ordinal), []);

    /// <summary>The session with <paramref name="peer"/>, established from its known key on first use.</summary>
    public PairwiseSession SessionWith(DeviceKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return Sessions.TryGetValue(peer.Device, out PairwiseSession? s) && s.TheirKeyId == peer.KeyId
            ? s
            : PairwiseSession.Establish(Name, Identity, KeyId, peer.Device, peer.PublicKey, peer.KeyId);
    }

    /// <inheritdoc/>
    public override string ToString() => $"SenderKeyDeviceState({Name}, {Sessions.Count} sessions, {Groups.Count} groups)";
}

/// <summary>A group the device left: the membership version of the notice that removed it, and its last own key id there.</summary>
public sealed record LeftGroup(ulong Version, uint KeyId);

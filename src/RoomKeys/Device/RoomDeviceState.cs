using System.Collections.Immutable;
using E2eeConformance.RoomKeys.Crypto;

namespace E2eeConformance.RoomKeys.Device;

/// <summary>
/// A room-key device's whole state (seed 002: one user, one RSA key pair; RK-6): its identity, the rooms it is in, and
/// the rooms it asked to join and waits for. Immutable: a step gives a new state or, refused, the same one.
/// </summary>
public sealed record RoomDeviceState(string User, RsaIdentity Identity, ImmutableSortedDictionary<string, RoomView> Rooms, ImmutableSortedSet<string> Joining)
{
    /// <summary>A new device of <paramref name="user"/> with <paramref name="identity"/>, in no room.</summary>
    public static RoomDeviceState New(string user, RsaIdentity identity) =>
        new(user, identity, ImmutableSortedDictionary<string, RoomView>.Empty.WithComparers(StringComparer.Ordinal), ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    /// <summary>The most rooms whose read record a device keeps after leaving them (RK-28).</summary>
    public const int MaxDeparted = 64;

    /// <summary>
    /// RK-28: what the device had read in rooms it left (nonces per generation, server sequences), so that a text it read
    /// before leaving is still a replay when it is admitted again under the same key.
    /// </summary>
    public ImmutableSortedDictionary<string, ReadRecord> Departed { get; init; } = ImmutableSortedDictionary<string, ReadRecord>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The state with <paramref name="view"/> in place of its room's.</summary>
    public RoomDeviceState With(RoomView view) => this with { Rooms = Rooms.SetItem((view ?? throw new ArgumentNullException(nameof(view))).Room, view) };
}

/// <summary>What a device had read in a room it left (RK-28).</summary>
public sealed record ReadRecord(ImmutableSortedSet<string> Nonces, ImmutableSortedSet<ulong> Sequences);

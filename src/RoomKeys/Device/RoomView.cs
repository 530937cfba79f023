using System.Collections.Immutable;
using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Device;

/// <summary>
/// A room as one device knows it: whether it is end-to-end encrypted, the room keys it holds (the newest generation
/// and the one before it, RK-12), what it has read (nonces per generation, server sequences of texts in the clear,
/// RK-13), messages waiting for their key (RK-14), and the join requests it may approve.
/// </summary>
public sealed record RoomView(
    string Room,
    bool E2eeOn,
    ImmutableSortedDictionary<uint, RoomKey> Keys,
    ImmutableSortedSet<string> ReadNonces,
    ImmutableSortedSet<ulong> ReadSequences,
    ImmutableList<MessageNotification> Held,
    ImmutableSortedDictionary<string, RsaPublicKeyMsg> JoinRequests)
{
    /// <summary>The most server sequences of texts in the clear a view remembers (the oldest are forgotten).</summary>
    public const int MaxReadSequences = 4096;

    /// <summary>The most messages a room holds for keys not here yet (RK-14).</summary>
    public const int MaxHeld = 256;

    /// <summary>How far past its newest key a generation may be for a text under it to wait (RK-14): a text claiming more is refused.</summary>
    public const uint MaxGenerationsAhead = 4;

    /// <summary>A room with no key yet.</summary>
    public static RoomView Empty(string room, bool e2eeOn) => new(
        room,
        e2eeOn,
        ImmutableSortedDictionary<uint, RoomKey>.Empty,
        ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal),
        ImmutableSortedSet<ulong>.Empty,
        [],
        ImmutableSortedDictionary<string, RsaPublicKeyMsg>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>
    /// The device asked to leave (RK-24): until the server's LeftSessionNotification it still reads what was in flight,
    /// but sends nothing to the room and hands no key on.
    /// </summary>
    public bool Leaving { get; init; }

    /// <summary>
    /// RK-26: keys the server asked the device to hand on (SendRoomKeyNotification) of a generation whose key it does not
    /// hold yet; each goes out when that key comes (made on UpdateRoomKeyNotification, or received). The device makes a
    /// key only on UpdateRoomKeyNotification, never because it was asked to hand one on.
    /// </summary>
    public ImmutableList<PendingHandover> Handovers { get; init; } = [];

    /// <summary>The newest generation the device holds a key of (0: none).</summary>
    public uint Newest => Keys.IsEmpty ? 0 : Keys.Keys.Max();

    /// <summary>
    /// The view with the key of <paramref name="generation"/> (RK-12): kept when it is the newest or the one before it;
    /// older keys are dropped, with what was read under them.
    /// </summary>
    public RoomView WithKey(uint generation, RoomKey key)
    {
        ImmutableSortedDictionary<uint, RoomKey> keys = Keys.SetItem(generation, key);
        uint newest = keys.Keys.Max();
        keys = keys.RemoveRange(keys.Keys.Where(g => (ulong)g + 1 < newest)); // widened: a generation may be uint.MaxValue
        return this with
        {
            Keys = keys,
            ReadNonces = ReadNonces.Except(ReadNonces.Where(n => !keys.ContainsKey(GenerationOf(n)))),
            Handovers = Handovers.RemoveAll(h => h.Generation + 1UL < newest),
        };
    }

    /// <summary>How a read nonce is remembered: generation and nonce.</summary>
    public static string NonceName(uint generation, ReadOnlySpan<byte> nonce) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{generation}:{Convert.ToHexStringLower(nonce)}");

    private static uint GenerationOf(string nonceName) =>
        uint.Parse(nonceName.AsSpan(0, nonceName.IndexOf(':', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A key to hand on once the device holds it (RK-26): to whom, with the public key the server gave, of which generation.</summary>
public sealed record PendingHandover(string User, RsaPublicKeyMsg Key, uint Generation);

using E2eeConformance.RoomKeys.Wire;
using E2eeConformance.Scenarios.Running.Relayed;

namespace E2eeConformance.Scenarios.Running.RoomKeys;

/// <summary>
/// What a room-key run knows of its texts, on top of every relayed family's ledger: how a text is recognised (an
/// encrypted one by room, sender, generation and nonce — what the tag authenticates; one in the clear by room, sender
/// and server sequence), the room message of each send, the events devices raised, and the room keys the server relayed
/// (what an observer of the server saw).
/// </summary>
internal sealed class RoomKeyLedger : RelayLedger
{
    /// <summary>The name of an encrypted text.</summary>
    public Dictionary<(string Room, string Sender, uint Generation, string Nonce), string> EncryptedNames { get; } = [];

    /// <summary>The name of a text in the clear.</summary>
    public Dictionary<(string Room, string Sender, ulong Sequence), string> ClearNames { get; } = [];

    /// <summary>The room message of each send, by name.</summary>
    public Dictionary<string, RoomMessage> Messages { get; } = new(StringComparer.Ordinal);

    /// <summary>The events devices raised for <c>event</c> expectations: device, kind, and the user the event is about.</summary>
    public List<(string Device, string Kind, string Of)> Events { get; } = [];

    /// <summary>Every wrapped room key the server relayed: room, generation, the wrapped bytes.</summary>
    public List<(string Room, uint Generation, byte[] Wrapped)> RelayedKeys { get; } = [];

    /// <summary>The name of an encrypted text, or null.</summary>
    public string? NameOf(string room, string sender, uint generation, ReadOnlySpan<byte> nonce) =>
        EncryptedNames.GetValueOrDefault((room, sender, generation, Convert.ToHexStringLower(nonce)));
}

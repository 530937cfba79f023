using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Gka;
using E2eeConformance.Mpenc.Session;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// What a participant sends after starting an operation or processing a packet: its GKA flow (seed 003 §5.2.1; none in
/// a confirmation) and its ASKE flow (§5.2.2), which together make one greeting packet (§5.2.3): an upflow carries DEST,
/// the members, the intermediate keys, nonces and ephemeral keys so far; the first downflow the members, every key,
/// nonce and ephemeral key and the sender's session signature; a confirmation the session signature alone. The packet
/// is written by the session's own encoder (<see cref="GreetingWire.Encode"/>), so it carries PREV_PF, CHAIN_HASH and
/// LATEST_PM as the greeter lays them out (§5.2.3 [b], MP-16).
/// </summary>
internal sealed record Emission(CliquesFlow? Gka, AskeFlow Aske)
{
    /// <summary>Which packet of the operation this is.</summary>
    public GreetingStage Stage =>
        Aske.Kind == AskeFlowKind.Upflow ? GreetingStage.Upflow : Aske.Nonces.Count > 0 ? GreetingStage.Downflow : GreetingStage.Confirmation;

    /// <summary>
    /// The packet's TLV bytes and id, with <paramref name="greetType"/> as GREET_TYPE: an initial packet (a GREET_TYPE
    /// of <see cref="GreetKind.IsInitial"/>) names the previous operation's final packet in PREV_PF (none for the
    /// channel's first) and carries <paramref name="chainHash"/> and the sorted <paramref name="latest"/>; any later
    /// stage names its operation's initial packet in PREV_PF (<paramref name="prevPf"/>) and carries neither.
    /// </summary>
    public (byte[] Packet, string Wire, string Id) Encode(ushort greetType, string? prevPf, byte[] chainHash, IEnumerable<string> latest, byte[] signingKey)
    {
        CliquesFlowKind? expected = Stage switch
        {
            GreetingStage.Upflow => CliquesFlowKind.Upflow,
            GreetingStage.Downflow => CliquesFlowKind.Downflow,
            _ => null,
        };
        if (Gka?.Kind != expected)
        {
            throw new InvalidOperationException($"{Aske.Source}'s GKA and ASKE flows do not make one {Stage} packet");
        }

        (string wire, string id) = GreetingWire.Encode(greetType, Aske.Source, Gka, Aske, prevPf, chainHash, latest, signingKey);
        return (WirePacket.Unwrap(wire), wire, id);
    }
}

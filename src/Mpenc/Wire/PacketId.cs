using System.Security.Cryptography;

namespace E2eeConformance.Mpenc.Wire;

/// <summary>
/// A packet's id (seed 003 §3.4: references are hashes of each packet; §5.4: SHA-256): the lower-case hex SHA-256 of its
/// TLV bytes — what parents, PREV_PF, the chain hash and the harness's ledger name a packet by.
/// </summary>
public static class PacketId
{
    /// <summary>The id of the packet whose TLV bytes are <paramref name="tlv"/>.</summary>
    public static string Of(ReadOnlySpan<byte> tlv) => Convert.ToHexStringLower(SHA256.HashData(tlv));

    /// <summary>The id of a packet in its wire text (§5.4).</summary>
    public static string OfWire(string packet) => Of(WirePacket.Unwrap(packet));
}

using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Wire;

/// <summary>
/// The text form of a packet on the group channel (seed 003 §5.4): <c>?mpENC:</c>, the base-64 of the TLV string, then
/// <c>.</c> (MP-8: the document's sentence runs its closing period into the code span; the published implementation
/// ends the packet with one period).
/// </summary>
public static class WirePacket
{
    /// <summary>What every packet starts with.</summary>
    public const string Prefix = "?mpENC:";

    /// <summary>What every packet ends with.</summary>
    public const string Suffix = ".";

    /// <summary>The packet text of a TLV string.</summary>
    public static string Wrap(ReadOnlySpan<byte> tlv) => Prefix + Convert.ToBase64String(tlv) + Suffix;

    /// <summary>The TLV string of a packet text; anything else is <c>malformed</c>.</summary>
    public static byte[] Unwrap(string packet)
    {
        if (packet is null || !packet.StartsWith(Prefix, StringComparison.Ordinal) || !packet.EndsWith(Suffix, StringComparison.Ordinal) || packet.Length < Prefix.Length + Suffix.Length)
        {
            throw new MpencException(MpencErrorCode.Malformed, "an mpENC packet is ?mpENC:, base-64 and a period");
        }

        string body = packet[Prefix.Length..^Suffix.Length];
        byte[] bytes = new byte[body.Length];
        // Only the canonical base-64 of the bytes: Convert skips whitespace anywhere in the body and ignores the unused
        // bits before the padding, so without this several texts (one with a line break or a space in it) would read as
        // the same packet (found by tests/Mpenc.Tests/BadInput).
        if (!Convert.TryFromBase64String(body, bytes, out int written) || !string.Equals(Convert.ToBase64String(bytes, 0, written), body, StringComparison.Ordinal))
        {
            throw new MpencException(MpencErrorCode.Malformed, "an mpENC packet's body is not canonical base-64");
        }

        return bytes[..written];
    }
}

using E2eeConformance.Scenarios.Running.Relayed;

namespace E2eeConformance.Scenarios.Running.Mpenc;

/// <summary>
/// What an mpENC run knows of its texts, on top of every relayed family's ledger: the packet id of each named text (the
/// hex SHA-256 its readers report) and its TLV bytes (what an adversary holding keys would try), and the events devices
/// raised for <c>event</c> expectations.
/// </summary>
internal sealed class MpencLedger : RelayLedger
{
    /// <summary>The name of each text by packet id.</summary>
    public Dictionary<string, string> NameById { get; } = new(StringComparer.Ordinal);

    /// <summary>The packet of each named text (its TLV bytes) and its id.</summary>
    public Dictionary<string, (string Id, byte[] Tlv)> Packets { get; } = new(StringComparer.Ordinal);

    /// <summary>The events devices raised: device, kind, and the user it is about.</summary>
    public List<(string Device, string Kind, string Of)> Events { get; } = [];
}

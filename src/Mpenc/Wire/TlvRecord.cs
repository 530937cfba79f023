namespace E2eeConformance.Mpenc.Wire;

/// <summary>One TLV record (seed 003 §5.4): a 16-bit type and a value of at most 65,535 bytes.</summary>
public sealed record TlvRecord(ushort Type, byte[] Value)
{
    /// <summary>A record of a known type.</summary>
    public TlvRecord(TlvType type, byte[] value)
        : this((ushort)type, value)
    {
    }
}

using System.Buffers.Binary;

namespace E2eeConformance.Mpenc.Wire;

/// <summary>The PROTOCOL_VERSION record's value (seed 003 §5.1: a 16-bit unsigned integer, 0x0001; MP-6).</summary>
public static class ProtocolVersion
{
    /// <summary>The version this implementation speaks.</summary>
    public const ushort Current = 0x0001;

    /// <summary>The record's value: <see cref="Current"/>, big-endian.</summary>
    public static byte[] Encode()
    {
        byte[] value = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(value, Current);
        return value;
    }

    /// <summary>Whether a record's value is <see cref="Current"/>.</summary>
    public static bool IsCurrent(ReadOnlySpan<byte> value) => value.Length == 2 && BinaryPrimitives.ReadUInt16BigEndian(value) == Current;
}

using System.Buffers.Binary;
using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Wire;

/// <summary>
/// TLV strings (seed 003 §5.4): each record a 2-byte big-endian type, a 2-byte big-endian length and exactly that many
/// bytes of value, records one after the other.
/// </summary>
public static class Tlv
{
    /// <summary>The longest value a record can carry.</summary>
    public const int MaxValueLength = ushort.MaxValue;

    /// <summary>The records, concatenated.</summary>
    public static byte[] Encode(IEnumerable<TlvRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var output = new List<byte>();
        Span<byte> header = stackalloc byte[4];
        foreach (TlvRecord record in records)
        {
            if (record.Value is null || record.Value.Length > MaxValueLength)
            {
                throw new MpencException(MpencErrorCode.Malformed, $"a TLV value is at most {MaxValueLength} bytes");
            }

            BinaryPrimitives.WriteUInt16BigEndian(header, record.Type);
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)record.Value.Length);
            output.AddRange(header);
            output.AddRange(record.Value);
        }

        return [.. output];
    }

    /// <summary>The records of <paramref name="bytes"/>; a cut header or a length past the end is <c>malformed</c>.</summary>
    public static IReadOnlyList<TlvRecord> Decode(ReadOnlySpan<byte> bytes)
    {
        var records = new List<TlvRecord>();
        while (!bytes.IsEmpty)
        {
            if (bytes.Length < 4)
            {
                throw new MpencException(MpencErrorCode.Malformed, $"a TLV header is 4 bytes; {bytes.Length} remain");
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(bytes);
            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            if (bytes.Length - 4 < length)
            {
                throw new MpencException(MpencErrorCode.Malformed, $"a TLV record of type 0x{type:x4} says {length} bytes; {bytes.Length - 4} remain");
            }

            records.Add(new TlvRecord(type, bytes.Slice(4, length).ToArray()));
            bytes = bytes[(4 + length)..];
        }

        return records;
    }
}

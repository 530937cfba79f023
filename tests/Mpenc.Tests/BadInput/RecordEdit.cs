using CsCheck;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Tests.BadInput;

/// <summary>What an edit does to a packet's records.</summary>
internal enum RecordEditKind
{
    /// <summary>A record of a type no mpENC packet knows, inserted anywhere.</summary>
    InsertUnknown,

    /// <summary>Two records (at different places) trade places.</summary>
    Swap,

    /// <summary>A copy of a record inserted anywhere.</summary>
    Duplicate,

    /// <summary>A record left out.</summary>
    Remove,

    /// <summary>A record's value cut short (an empty value made one byte longer instead).</summary>
    Shorten,

    /// <summary>Bytes appended to a record's value.</summary>
    Lengthen,

    /// <summary>A record's value replaced by random bytes.</summary>
    Replace,

    /// <summary>One bit of a record's value flipped (an empty value made one byte longer instead).</summary>
    FlipBit,

    /// <summary>PROTOCOL_VERSION's value changed.</summary>
    AlterVersion,

    /// <summary>MESSAGE_TYPE's value changed.</summary>
    AlterType,
}

/// <summary>
/// One edit of a packet's TLV records, made from random numbers (positions taken modulo the record count), so the
/// same edit applies to any packet. The records it returns are copies: the packet it was given is never changed.
/// </summary>
internal sealed record RecordEdit(RecordEditKind Kind, int At, int Other, ushort UnknownType, byte[] Bytes)
{
    /// <summary>Record types that are none of <see cref="TlvType"/>'s.</summary>
    public static readonly Gen<ushort> UnknownTypes = Gen.UShort.Where(t => !Enum.IsDefined((TlvType)t));

    public static readonly Gen<RecordEdit> Any = Gen.Select(
        Gen.Enum<RecordEditKind>(), Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], UnknownTypes, Gen.Byte.Array[1, 40],
        (kind, at, other, type, bytes) => new RecordEdit(kind, at, other, type, bytes));

    /// <summary>Records of random types (known and unknown alike) and random values.</summary>
    public static readonly Gen<TlvRecord[]> RandomRecords = Gen.Select(
        Gen.Frequency((3, Gen.Enum<TlvType>().Select(t => (ushort)t)), (1, Gen.UShort)), Gen.Byte.Array[0, 70],
        (type, value) => new TlvRecord(type, value)).Array[0, 16];

    public List<TlvRecord> ApplyTo(IReadOnlyList<TlvRecord> records)
    {
        List<TlvRecord> r = [.. records.Select(x => new TlvRecord(x.Type, (byte[])x.Value.Clone()))];
        int n = r.Count;
        if (n == 0)
        {
            return [new TlvRecord(UnknownType, (byte[])Bytes.Clone())];
        }

        int i = At % n;
        switch (n == 1 && Kind == RecordEditKind.Swap ? RecordEditKind.Duplicate : Kind)
        {
            case RecordEditKind.InsertUnknown:
                r.Insert(At % (n + 1), new TlvRecord(UnknownType, (byte[])Bytes.Clone()));
                break;
            case RecordEditKind.Swap:
                int j = (i + 1 + (Other % (n - 1))) % n;
                (r[i], r[j]) = (r[j], r[i]);
                break;
            case RecordEditKind.Duplicate:
                r.Insert(Other % (n + 1), r[i] with { Value = (byte[])r[i].Value.Clone() });
                break;
            case RecordEditKind.Remove:
                r.RemoveAt(i);
                break;
            case RecordEditKind.Shorten:
                r[i] = r[i] with { Value = r[i].Value.Length == 0 ? [Bytes[0]] : r[i].Value[..(Other % r[i].Value.Length)] };
                break;
            case RecordEditKind.Lengthen:
                r[i] = r[i] with { Value = [.. r[i].Value, .. Bytes] };
                break;
            case RecordEditKind.Replace:
                r[i] = r[i] with { Value = (byte[])Bytes.Clone() };
                break;
            case RecordEditKind.FlipBit:
                r[i] = r[i] with { Value = Flipped(r[i].Value, Other) };
                break;
            case RecordEditKind.AlterVersion:
                Alter(r, TlvType.ProtocolVersion);
                break;
            case RecordEditKind.AlterType:
                Alter(r, TlvType.MessageType);
                break;
        }

        return r;
    }

    private static byte[] Flipped(byte[] value, int bit)
    {
        if (value.Length == 0)
        {
            return [0];
        }

        byte[] copy = (byte[])value.Clone();
        copy[bit / 8 % copy.Length] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    /// <summary>The first record of <paramref name="type"/> gets another value: a prefix of <see cref="Bytes"/> of 0 to 3 bytes, or its own value with a bit flipped.</summary>
    private void Alter(List<TlvRecord> records, TlvType type)
    {
        int index = records.FindIndex(x => x.Type == (ushort)type);
        byte[] old = records[index].Value;
        byte[] value = Bytes[..Math.Min(Bytes.Length, Other % 4)];
        records[index] = records[index] with { Value = value.AsSpan().SequenceEqual(old) ? Flipped(old, Other) : value };
    }
}

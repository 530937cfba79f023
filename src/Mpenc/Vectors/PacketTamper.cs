using E2eeConformance.Mpenc.Wire;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// The changes a tampered twin makes to a packet (seed 003 §5.4's TLV records): one bit flipped in a named record,
/// optionally re-signed by the author (as a misbehaving author would: the message signature of §5.2.3 or §5.3 then
/// verifies and the protocol's own checks must catch the change), a record's value replaced (a PREV_PF naming another
/// operation, §5.2.3 [b]), or the packet cut short.
/// </summary>
internal static class PacketTamper
{
    /// <summary>The record names of seed 003 (§5.1, §5.2.3, §5.3), as a twin's <c>record</c> names them.</summary>
    private static readonly Dictionary<string, TlvType> Records = new(StringComparer.Ordinal)
    {
        ["PROTOCOL_VERSION"] = TlvType.ProtocolVersion,
        ["MESSAGE_TYPE"] = TlvType.MessageType,
        ["MESSAGE_SIGNATURE"] = TlvType.MessageSignature,
        ["MESSAGE_PAYLOAD"] = TlvType.MessagePayload,
        ["MESSAGE_IV"] = TlvType.MessageIv,
        ["SIDKEY_HINT"] = TlvType.SidkeyHint,
        ["SOURCE"] = TlvType.Source,
        ["DEST"] = TlvType.Dest,
        ["MEMBER"] = TlvType.Member,
        ["INT_KEY"] = TlvType.IntKey,
        ["NONCE"] = TlvType.Nonce,
        ["PUB_KEY"] = TlvType.PubKey,
        ["SESSION_SIGNATURE"] = TlvType.SessionSignature,
        ["GREET_TYPE"] = TlvType.GreetType,
        ["PREV_PF"] = TlvType.PrevPf,
        ["CHAIN_HASH"] = TlvType.ChainHash,
        ["LATEST_PM"] = TlvType.LatestPm,
    };

    /// <summary>
    /// <paramref name="packet"/> with bit 0 of byte <paramref name="at"/> (counted from the end when negative) of the
    /// value of the <paramref name="index"/>-th record named <paramref name="record"/> flipped.
    /// </summary>
    public static byte[] Flip(byte[] packet, string record, int index, int at) => Change(packet, record, index, old =>
    {
        byte[] value = (byte[])old.Clone();
        int position = at < 0 ? value.Length + at : at;
        if (position < 0 || position >= value.Length)
        {
            throw new FormatException($"{record} {index} has {value.Length} bytes; there is no byte {at}");
        }

        value[position] ^= 0x01;
        return value;
    });

    /// <summary><paramref name="packet"/> with the value of the <paramref name="index"/>-th record named <paramref name="record"/> replaced by <paramref name="value"/>.</summary>
    public static byte[] Replace(byte[] packet, string record, int index, byte[] value) => Change(packet, record, index, _ => value);

    private static byte[] Change(byte[] packet, string record, int index, Func<byte[], byte[]> change)
    {
        TlvType type = Records.TryGetValue(record, out TlvType t) ? t : throw new FormatException($"unknown record name {record}");
        List<TlvRecord> records = [.. Tlv.Decode(packet)];
        int[] places = [.. Enumerable.Range(0, records.Count).Where(i => records[i].Type == (ushort)type)];
        if (index < 0 || index >= places.Length)
        {
            throw new FormatException($"the packet has {places.Length} {record} records; there is no record {index}");
        }

        records[places[index]] = new TlvRecord(type, change(records[places[index]].Value));
        return Tlv.Encode(records);
    }

    /// <summary>A greeting packet signed again by its author: Ed25519 over "greetmsgsig" ‖ every record after the first (§5.2.3).</summary>
    public static byte[] ResignGreeting(byte[] packet, byte[] ephemeralSigningKey)
    {
        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        byte[] input = [.. "greetmsgsig"u8, .. Tlv.Encode(records.Skip(1))];
        return Tlv.Encode([new TlvRecord(TlvType.MessageSignature, Sign(ephemeralSigningKey, input)), .. records.Skip(1)]);
    }

    /// <summary>A data packet signed again by its author: Ed25519 over <see cref="DataSignatureInput"/> (§5.3).</summary>
    public static byte[] ResignData(byte[] packet, byte[] ephemeralSigningKey, byte[] sidKeyHash)
    {
        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        byte[] signature = Sign(ephemeralSigningKey, DataSignatureInput(records, sidKeyHash));
        return Tlv.Encode([records[0], new TlvRecord(TlvType.MessageSignature, signature), .. records.Skip(2)]);
    }

    /// <summary>What a data packet's signature covers (§5.3): "datamsgsig" ‖ SHA-256(sid ‖ gk) ‖ the records from PROTOCOL_VERSION on.</summary>
    public static byte[] DataSignatureInput(IReadOnlyList<TlvRecord> records, byte[] sidKeyHash) =>
        [.. "datamsgsig"u8, .. sidKeyHash, .. Tlv.Encode(records.Skip(2))];

    private static byte[] Sign(byte[] key, byte[] input)
    {
        byte[] signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(key, 0, input, 0, input.Length, signature, 0);
        return signature;
    }
}

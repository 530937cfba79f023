using System.Text;
using E2eeConformance.Mpenc.Common;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Wire;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Messages;

/// <summary>
/// Greeting packets on the wire (seed 003 §5.2.3, §5.4): MESSAGE_SIGNATURE, PROTOCOL_VERSION, MESSAGE_TYPE (greeting),
/// GREET_TYPE, SOURCE, DEST?, MEMBER*, INT_KEY*, NONCE*, PUB_KEY*, PREV_PF?, CHAIN_HASH?, LATEST_PM*,
/// SESSION_SIGNATURE?, in that order; the message signature by the author's ephemeral Ed25519 key over "greetmsgsig" ‖
/// every record from PROTOCOL_VERSION on.
/// </summary>
public static class GreetingPacket
{
    /// <summary>The MESSAGE_TYPE value of a greeting packet (one byte, the published implementation's number; MP-6).</summary>
    public const byte GreetingType = 0x02;

    private static ReadOnlySpan<byte> SignatureContext => "greetmsgsig"u8;

    /// <summary>The packet of <paramref name="greeting"/>, signed with the author's ephemeral private key (32 bytes).</summary>
    public static byte[] Encode(Greeting greeting, ReadOnlySpan<byte> ephemeralSigningKey)
    {
        ArgumentNullException.ThrowIfNull(greeting);
        if (ephemeralSigningKey.Length != Ed25519.SecretKeySize || string.IsNullOrEmpty(greeting.Source))
        {
            throw new MpencException(MpencErrorCode.Malformed, "a greeting has a source and is signed with a 32-byte ephemeral key");
        }

        List<TlvRecord> records =
        [
            new(TlvType.ProtocolVersion, ProtocolVersion.Encode()),
            new(TlvType.MessageType, [GreetingType]),
            new(TlvType.GreetType, GreetTypeBytes(greeting.GreetType)),
            new(TlvType.Source, Encoding.UTF8.GetBytes(greeting.Source)),
        ];
        if (greeting.Dest is { } dest)
        {
            records.Add(new TlvRecord(TlvType.Dest, Encoding.UTF8.GetBytes(dest)));
        }

        records.AddRange(greeting.Members.Select(m => new TlvRecord(TlvType.Member, Encoding.UTF8.GetBytes(m))));
        records.AddRange(greeting.IntermediateKeys.Select(k => new TlvRecord(TlvType.IntKey, k)));
        records.AddRange(greeting.Nonces.Select(k => new TlvRecord(TlvType.Nonce, k)));
        records.AddRange(greeting.EphemeralKeys.Select(k => new TlvRecord(TlvType.PubKey, k)));
        AddOptional(records, TlvType.PrevPf, greeting.PrevPf);
        AddOptional(records, TlvType.ChainHash, greeting.ChainHash);
        records.AddRange(greeting.LatestPm.Select(k => new TlvRecord(TlvType.LatestPm, k)));
        AddOptional(records, TlvType.SessionSignature, greeting.SessionSignature);

        byte[] signed = Tlv.Encode(records);
        byte[] input = [.. SignatureContext, .. signed];
        byte[] signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(ephemeralSigningKey.ToArray(), 0, input, 0, input.Length, signature, 0);
        return [.. Tlv.Encode([new TlvRecord(TlvType.MessageSignature, signature)]), .. signed];
    }

    /// <summary>
    /// The greeting of <paramref name="packet"/>, whose signature must verify under the author's ephemeral public key
    /// <paramref name="ephemeralKey"/>: records out of the layout are <c>unexpected_record</c>, another version or type
    /// <c>unsupported_version</c>, a signature that does not verify <c>bad_signature</c>.
    /// </summary>
    public static Greeting Decode(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> ephemeralKey)
    {
        if (ephemeralKey.Length != Ed25519.PublicKeySize)
        {
            throw new MpencException(MpencErrorCode.Malformed, "an ephemeral public key is 32 bytes");
        }

        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        var reader = new RecordReader(records);
        byte[] signature = reader.One(TlvType.MessageSignature);
        byte[] version = reader.One(TlvType.ProtocolVersion);
        byte[] type = reader.One(TlvType.MessageType);
        if (!ProtocolVersion.IsCurrent(version) || type is not [GreetingType])
        {
            throw new MpencException(MpencErrorCode.UnsupportedVersion, "not a version 1 greeting packet");
        }

        byte[] signed = Tlv.Encode(records.Skip(1));
        byte[] input = [.. SignatureContext, .. signed];
        if (signature.Length != Ed25519.SignatureSize || !Ed25519.Verify(signature, 0, ephemeralKey.ToArray(), 0, input, 0, input.Length))
        {
            throw new MpencException(MpencErrorCode.BadSignature, "the greeting's message signature does not verify");
        }

        return Parse(reader);
    }

    /// <summary>
    /// The greeting of a packet that carries its author's ephemeral key — an upflow or the first downflow: the PUB_KEY at
    /// SOURCE's place among the MEMBERs verifies the message signature (§5.2.3: the key is not yet authenticated; the
    /// exchange's session signatures authenticate it by the end of the operation). A packet without that key is
    /// <c>unexpected_record</c>; nothing but the key is used before the signature verifies.
    /// </summary>
    public static Greeting Decode(ReadOnlySpan<byte> packet)
    {
        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        string source = Text(records.FirstOrDefault(r => r.Type == (ushort)TlvType.Source)?.Value ?? []);
        int index = records.Where(r => r.Type == (ushort)TlvType.Member).Select(r => Text(r.Value)).ToList().IndexOf(source);
        byte[][] keys = [.. records.Where(r => r.Type == (ushort)TlvType.PubKey).Select(r => r.Value)];
        if (index < 0 || index >= keys.Length || keys[index].Length != Ed25519.PublicKeySize)
        {
            throw new MpencException(MpencErrorCode.UnexpectedRecord, "the packet carries no ephemeral key of its source");
        }

        return Decode(packet, keys[index]);
    }

    /// <summary>
    /// The greeting of <paramref name="packet"/> read WITHOUT checking its signature: the layout, version and type are
    /// checked, nothing is authenticated. Only for what the public fields may decide: an observer that holds no key of an
    /// operation follows its progress by them (MP-15); nothing secret or trusted is taken from it.
    /// </summary>
    internal static Greeting DecodeUnauthenticated(ReadOnlySpan<byte> packet)
    {
        var reader = new RecordReader(Tlv.Decode(packet));
        _ = reader.One(TlvType.MessageSignature);
        byte[] version = reader.One(TlvType.ProtocolVersion);
        byte[] type = reader.One(TlvType.MessageType);
        if (!ProtocolVersion.IsCurrent(version) || type is not [GreetingType])
        {
            throw new MpencException(MpencErrorCode.UnsupportedVersion, "not a version 1 greeting packet");
        }

        return Parse(reader);
    }

    private static Greeting Parse(RecordReader reader)
    {
        byte[] greetType = reader.One(TlvType.GreetType);
        if (greetType.Length != 2)
        {
            throw new MpencException(MpencErrorCode.Malformed, "GREET_TYPE is two bytes");
        }

        var greeting = new Greeting(
            (ushort)((greetType[0] << 8) | greetType[1]),
            Text(reader.One(TlvType.Source)),
            reader.Optional(TlvType.Dest) is { } dest ? Text(dest) : null,
            [.. reader.All(TlvType.Member).Select(Text)],
            reader.All(TlvType.IntKey),
            reader.All(TlvType.Nonce),
            reader.All(TlvType.PubKey),
            reader.Optional(TlvType.PrevPf),
            reader.Optional(TlvType.ChainHash),
            reader.All(TlvType.LatestPm),
            reader.Optional(TlvType.SessionSignature));
        reader.End();
        return greeting;
    }

    private static byte[] GreetTypeBytes(ushort greetType)
    {
        byte[] bytes = new byte[2];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes, greetType);
        return bytes;
    }

    private static void AddOptional(List<TlvRecord> records, TlvType type, byte[]? value)
    {
        if (value is not null)
        {
            records.Add(new TlvRecord(type, value));
        }
    }

    private static string Text(byte[] value) => StrictUtf8.Decode(value, "a participant id");

    /// <summary>Reads records in the layout's order: one, an optional one, or a run of one type; anything else is unexpected.</summary>
    private sealed class RecordReader(IReadOnlyList<TlvRecord> records)
    {
        private int _next;

        public byte[] One(TlvType type) =>
            Optional(type) ?? throw new MpencException(MpencErrorCode.UnexpectedRecord, $"expected a {type} record at record {_next}");

        public byte[]? Optional(TlvType type) =>
            _next < records.Count && records[_next].Type == (ushort)type ? records[_next++].Value : null;

        public IReadOnlyList<byte[]> All(TlvType type)
        {
            var values = new List<byte[]>();
            while (Optional(type) is { } value)
            {
                values.Add(value);
            }

            return values;
        }

        public void End()
        {
            if (_next != records.Count)
            {
                throw new MpencException(MpencErrorCode.UnexpectedRecord, $"record {_next} (type 0x{records[_next].Type:x4}) is out of the greeting's layout");
            }
        }
    }
}

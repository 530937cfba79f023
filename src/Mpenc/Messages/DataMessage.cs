using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using E2eeConformance.Mpenc.Common;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Ports;
using E2eeConformance.Mpenc.Wire;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Messages;

/// <summary>
/// Data packets (seed 003 §5.3, §5.4): SIDKEY_HINT, MESSAGE_SIGNATURE, PROTOCOL_VERSION, MESSAGE_TYPE, MESSAGE_IV,
/// MESSAGE_PAYLOAD, in that order. The payload is AES-128-CTR under the group key of the padded records MESSAGE_PARENT*
/// ‖ MESSAGE_BODY; the signature, by the author's ephemeral Ed25519 key, covers "datamsgsig" ‖ SHA-256(sid ‖ gk) ‖ every
/// record from PROTOCOL_VERSION on; the hint is SHA-256(sid ‖ gk)[0].
/// </summary>
public static class DataMessage
{
    /// <summary>The MESSAGE_TYPE value of a data packet (one byte, the published implementation's number; MP-6).</summary>
    public const byte DataType = 0x03;

    /// <summary>The padding baseline size_bl (§5.3): 128 bytes.</summary>
    public const int PaddingBaseline = 128;

    /// <summary>The length of a parent reference (a SHA-256 message id).</summary>
    public const int ParentLength = 32;

    /// <summary>The length of the AES-CTR IV (one AES block).</summary>
    public const int IvLength = 16;

    private static ReadOnlySpan<byte> SignatureContext => "datamsgsig"u8;

    /// <summary>
    /// The packet (TLV string) of a message with <paramref name="parents"/> and <paramref name="body"/>, signed by the
    /// author's ephemeral Ed25519 private key <paramref name="signingKey"/> (32 bytes), for session
    /// <paramref name="sessionId"/> and group key <paramref name="groupKey"/> (16 bytes); the IV is drawn from
    /// <paramref name="random"/>.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> groupKey, ReadOnlySpan<byte> signingKey, IReadOnlyList<byte[]> parents, string body, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(random);
        RequireLength(groupKey, Gka.CliquesMember.GroupKeyLength, "a group key");
        RequireLength(signingKey, Ed25519.SecretKeySize, "an ephemeral signing key");
        if (parents.Any(p => p is null || p.Length != ParentLength))
        {
            throw new MpencException(MpencErrorCode.Malformed, $"a parent reference is {ParentLength} bytes");
        }

        byte[] sidKeyHash = SidKeyHash(sessionId, groupKey);
        byte[] iv = new byte[IvLength];
        random.Fill(iv);
        List<TlvRecord> plain = [.. parents.Select(p => new TlvRecord(TlvType.MessageParent, (byte[])p.Clone())), new TlvRecord(TlvType.MessageBody, PadBody(body))];
        byte[] payload = Ctr(groupKey, iv, Tlv.Encode(plain));
        byte[] signed = Tlv.Encode(
        [
            new TlvRecord(TlvType.ProtocolVersion, Wire.ProtocolVersion.Encode()),
            new TlvRecord(TlvType.MessageType, [DataType]),
            new TlvRecord(TlvType.MessageIv, iv),
            new TlvRecord(TlvType.MessagePayload, payload),
        ]);
        byte[] signature = new byte[Ed25519.SignatureSize];
        byte[] input = SignatureInput(sidKeyHash, signed);
        Ed25519.Sign(signingKey.ToArray(), 0, input, 0, input.Length, signature, 0);
        return [.. Tlv.Encode([new TlvRecord(TlvType.SidkeyHint, [sidKeyHash[0]]), new TlvRecord(TlvType.MessageSignature, signature)]), .. signed];
    }

    /// <summary>
    /// The parents and body of a data packet of session <paramref name="sessionId"/> under group key
    /// <paramref name="groupKey"/>, signed by <paramref name="authorKey"/> (the author's ephemeral Ed25519 public key).
    /// Refused, in this order: a cut or misordered packet (<c>malformed</c>, <c>unexpected_record</c>), another version
    /// or type (<c>unsupported_version</c>), another session or key (<c>wrong_session</c>), a signature that does not
    /// verify (<c>bad_signature</c>), then a payload that does not decode (<c>malformed</c>).
    /// </summary>
    public static (IReadOnlyList<byte[]> Parents, string Body) Decode(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> groupKey, ReadOnlySpan<byte> authorKey)
    {
        RequireLength(groupKey, Gka.CliquesMember.GroupKeyLength, "a group key");
        RequireLength(authorKey, Ed25519.PublicKeySize, "an ephemeral public key");
        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        TlvType[] layout = [TlvType.SidkeyHint, TlvType.MessageSignature, TlvType.ProtocolVersion, TlvType.MessageType, TlvType.MessageIv, TlvType.MessagePayload];
        if (records.Count != layout.Length || records.Where((r, i) => r.Type != (ushort)layout[i]).Any())
        {
            throw new MpencException(MpencErrorCode.UnexpectedRecord, "a data packet is SIDKEY_HINT, MESSAGE_SIGNATURE, PROTOCOL_VERSION, MESSAGE_TYPE, MESSAGE_IV, MESSAGE_PAYLOAD");
        }

        if (!Wire.ProtocolVersion.IsCurrent(records[2].Value) || records[3].Value is not [DataType])
        {
            throw new MpencException(MpencErrorCode.UnsupportedVersion, "not a version 1 data packet");
        }

        RequireLength(records[0].Value, 1, "SIDKEY_HINT");
        RequireLength(records[1].Value, Ed25519.SignatureSize, "MESSAGE_SIGNATURE");
        RequireLength(records[4].Value, IvLength, "MESSAGE_IV");
        byte[] sidKeyHash = SidKeyHash(sessionId, groupKey);
        if (records[0].Value[0] != sidKeyHash[0])
        {
            throw new MpencException(MpencErrorCode.WrongSession, "the packet's hint is not this session's and group key's");
        }

        byte[] signed = Tlv.Encode(records.Skip(2));
        byte[] input = SignatureInput(sidKeyHash, signed);
        if (!Ed25519.Verify(records[1].Value, 0, authorKey.ToArray(), 0, input, 0, input.Length))
        {
            throw new MpencException(MpencErrorCode.BadSignature, "the data packet's signature does not verify");
        }

        IReadOnlyList<TlvRecord> plain = Tlv.Decode(Ctr(groupKey, records[4].Value, records[5].Value));
        if (plain.Count == 0 || plain[^1].Type != (ushort)TlvType.MessageBody || plain.Take(plain.Count - 1).Any(r => r.Type != (ushort)TlvType.MessageParent || r.Value.Length != ParentLength))
        {
            throw new MpencException(MpencErrorCode.UnexpectedRecord, "a payload is MESSAGE_PARENT records, then MESSAGE_BODY");
        }

        return ([.. plain.Take(plain.Count - 1).Select(r => r.Value)], UnpadBody(plain[^1].Value));
    }

    /// <summary>SHA-256(sid ‖ gk): the hint's source and part of what the signature covers (§5.3).</summary>
    public static byte[] SidKeyHash(ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> groupKey) => SHA256.HashData([.. sessionId, .. groupKey]);

    /// <summary>The longest padded body: 128·2^8 bytes, the largest power-of-two multiple that fits a payload record with parents.</summary>
    public const int MaxPaddedBody = PaddingBaseline << 8;

    /// <summary>The longest body in UTF-8 bytes (its padded form holds the 2-byte length too).</summary>
    public const int MaxBodyBytes = MaxPaddedBody - 2;

    private static readonly UTF8Encoding StrictEncoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// MESSAGE_BODY's value (§5.3 "Padding", MP-7): the body's UTF-8 length as a 16-bit big-endian integer, the body,
    /// then zeros up to 128 bytes, or up to the smallest 128·2^k that holds it (at most <see cref="MaxPaddedBody"/>).
    /// </summary>
    public static byte[] PadBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        byte[] text;
        try
        {
            // Strict: a lone surrogate would go out as U+FFFD while the author keeps it, so author and readers would hold different bodies under one id.
            text = StrictEncoding.GetBytes(body);
        }
        catch (EncoderFallbackException)
        {
            throw new MpencException(MpencErrorCode.Malformed, "a message body is well-formed Unicode (no lone surrogates)");
        }

        if (text.Length > MaxBodyBytes)
        {
            throw new MpencException(MpencErrorCode.Malformed, $"a message body is at most {MaxBodyBytes} bytes of UTF-8");
        }

        int size = PaddingBaseline;
        while (size < text.Length + 2)
        {
            size *= 2;
        }

        byte[] padded = new byte[size];
        BinaryPrimitives.WriteUInt16BigEndian(padded, (ushort)text.Length);
        text.CopyTo(padded, 2);
        return padded;
    }

    private static string UnpadBody(byte[] padded)
    {
        if (padded.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(padded) is var length && length > padded.Length - 2)
        {
            throw new MpencException(MpencErrorCode.Malformed, "a body's length prefix runs past its padding");
        }

        if (padded.AsSpan(2 + length).IndexOfAnyExcept((byte)0) >= 0)
        {
            throw new MpencException(MpencErrorCode.Malformed, "a body's padding is not zeros");
        }

        return StrictUtf8.Decode(padded.AsSpan(2, length), "a body");
    }

    private static byte[] SignatureInput(byte[] sidKeyHash, byte[] signed) => [.. SignatureContext, .. sidKeyHash, .. signed];

    /// <summary>AES-128 in counter mode: the IV is the first counter block, incremented as a 128-bit big-endian integer.</summary>
    private static byte[] Ctr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        byte[] output = new byte[input.Length];
        byte[] counter = iv.ToArray();
        byte[] stream = new byte[IvLength];
        for (int offset = 0; offset < input.Length; offset += IvLength)
        {
            aes.EncryptEcb(counter, stream, PaddingMode.None);
            for (int i = 0; i < Math.Min(IvLength, input.Length - offset); i++)
            {
                output[offset + i] = (byte)(input[offset + i] ^ stream[i]);
            }

            Increment(counter);
        }

        CryptographicOperations.ZeroMemory(stream);
        return output;
    }

    /// <summary>The counter block plus one, as a 128-bit big-endian integer (wrapping).</summary>
    private static void Increment(byte[] counter)
    {
        for (int i = counter.Length - 1; i >= 0; i--)
        {
            counter[i] = unchecked((byte)(counter[i] + 1));
            if (counter[i] != 0)
            {
                return;
            }
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> value, int length, string what)
    {
        if (value.Length != length)
        {
            throw new MpencException(MpencErrorCode.Malformed, $"{what} is {length} bytes, not {value.Length}");
        }
    }
}

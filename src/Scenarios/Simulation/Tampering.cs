using Google.Protobuf;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// What an active network adversary can change in a message: one bit of a named field of the E2eeMsg (or of an invite
/// or accept). Byte positions are given by the scenario or drawn from the seed; the bit within the byte is given, or 0.
/// </summary>
public static class Tampering
{
    /// <summary>The field names a tamper step may name.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["ciphertext", "ratchet_key", "signature", "sequence", "session_id", "msg_id", "from"];

    /// <summary>The bytes of the 32-bit <c>sequence</c> a tamper step may name (least significant first).</summary>
    public const int SequenceBytes = 4;

    /// <summary>The bits of a byte.</summary>
    public const int BitsPerByte = 8;

    /// <summary>
    /// Flips one bit of <paramref name="field"/> in <paramref name="message"/> (in place): bit <paramref name="bit"/>
    /// (null: 0) of byte <paramref name="index"/>, or of one drawn from <paramref name="random"/>; <c>sequence</c> is the
    /// counter as <see cref="SequenceBytes"/> bytes, least significant first. False, with <paramref name="why"/>, when
    /// the field is unknown or the message has no such field.
    /// </summary>
    public static bool TryApply(Wire.ProtoMsg message, string field, int? index, int? bit, SeededRandom random, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? why)
    {
        why = null;
        Wire.E2eeMsg? e2ee = message.PayloadCase == Wire.ProtoMsg.PayloadOneofCase.E2EeMsg ? message.E2EeMsg : null;
        switch (field)
        {
            case "ciphertext" when e2ee?.One2OneMsg is { } p:
                p.Ciphertext = Flip(p.Ciphertext, index, bit, random);
                return true;
            case "ciphertext" when e2ee?.GroupMsg is { } g:
                g.Ciphertext = Flip(g.Ciphertext, index, bit, random);
                return true;
            case "ratchet_key" when e2ee?.One2OneMsg is { } p:
                p.RatchetKey = Flip(p.RatchetKey, index, bit, random);
                return true;
            case "signature" when e2ee?.GroupMsg is { } g:
                g.Signature = Flip(g.Signature, index, bit, random);
                return true;
            case "sequence" when e2ee?.One2OneMsg is { } p:
                p.Sequence ^= SequenceBit(index, bit, random);
                return true;
            case "sequence" when e2ee?.GroupMsg is { } g:
                g.Sequence ^= SequenceBit(index, bit, random);
                return true;
            case "session_id" when e2ee is not null:
                e2ee.SessionId = Change(e2ee.SessionId, index, random);
                return true;
            case "msg_id" when e2ee is not null:
                e2ee.MsgId = Change(e2ee.MsgId, index, random);
                return true;
            case "from" when e2ee?.From?.User is { } u:
                u.UserId = Change(u.UserId, index, random);
                return true;
            default:
                why = Fields.Contains(field, StringComparer.Ordinal)
                    ? $"a {Kind(message)} has no {field}"
                    : $"\"{field}\" is not a field the adversary knows ({string.Join(", ", Fields)})";
                return false;
        }
    }

    private static string Kind(Wire.ProtoMsg message) => ProtoMsgKinds.Of(message) + " message";

    /// <summary>The mask of bit <paramref name="bit"/> of byte <paramref name="index"/> (0–3, least significant first) of a 32-bit counter.</summary>
    private static uint SequenceBit(int? index, int? bit, SeededRandom random) =>
        1u << ((((index ?? random.Next(SequenceBytes)) % SequenceBytes) * BitsPerByte) + ((bit ?? 0) % BitsPerByte));

    private static ByteString Flip(ByteString value, int? index, int? bit, SeededRandom random)
    {
        byte[] bytes = value.ToByteArray();
        if (bytes.Length == 0)
        {
            return value;
        }

        int i = (index ?? random.Next(bytes.Length)) % bytes.Length;
        bytes[i] ^= (byte)(1 << ((bit ?? 0) % BitsPerByte));
        return ByteString.CopyFrom(bytes);
    }

    private static string Change(string value, int? index, SeededRandom random)
    {
        if (value.Length == 0)
        {
            return "x";
        }

        char[] chars = value.ToCharArray();
        int i = (index ?? random.Next(chars.Length)) % chars.Length;
        chars[i] = chars[i] == 'a' ? 'b' : 'a';
        return new string(chars);
    }
}

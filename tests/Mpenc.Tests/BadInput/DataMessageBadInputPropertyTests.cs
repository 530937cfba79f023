using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Wire;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Tests.BadInput;

/// <summary>
/// Data packets (seed 003 §5.3) under bad input, each outcome predicted by MP-9's order — records and their order
/// (<c>malformed</c> for a cut string, <c>unexpected_record</c>), version and type (<c>unsupported_version</c>), value
/// lengths (<c>malformed</c>), the hint (<c>wrong_session</c>), the signature (<c>bad_signature</c>), and only then the
/// payload: genuine packets with records inserted, reordered, duplicated, removed, resized or altered; random records;
/// another session's sid or group key, another author's key, a signature over another session; and payloads the
/// author signed but that do not decode (encrypted here with BouncyCastle's CTR, not the implementation's).
/// </summary>
[TestFixture]
public sealed class DataMessageBadInputPropertyTests
{
    private static readonly byte[] Sid = SHA256.HashData("bad-input/session"u8);
    private static readonly byte[] GroupKey = SHA256.HashData("bad-input/group key"u8)[..16];
    private static readonly byte[] SigningKey = SHA256.HashData("bad-input/author"u8);
    private static readonly byte[] AuthorKey = PublicKey(SigningKey);
    private static readonly byte Hint = SHA256.HashData([.. Sid, .. GroupKey])[0];
    private static readonly TlvType[] Layout = [TlvType.SidkeyHint, TlvType.MessageSignature, TlvType.ProtocolVersion, TlvType.MessageType, TlvType.MessageIv, TlvType.MessagePayload];

    /// <summary>MP-9's codes for a data packet, and only they.</summary>
    private static readonly string[] DocumentedCodes = Refusal.Names(
        MpencErrorCode.Malformed, MpencErrorCode.UnexpectedRecord, MpencErrorCode.UnsupportedVersion, MpencErrorCode.WrongSession, MpencErrorCode.BadSignature);

    private static byte[] PublicKey(byte[] secret)
    {
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(secret, 0, publicKey, 0);
        return publicKey;
    }

    private static readonly Gen<string> Body = Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['\u00e0', '\u00ff'], Gen.Char['\u4e00', '\u4e10']).Array[0, 150].Select(c => new string(c));

    /// <summary>A genuine message: its parents, body and packet under <see cref="Sid"/>, <see cref="GroupKey"/> and <see cref="SigningKey"/>.</summary>
    private sealed record Message(byte[][] Parents, string Body, byte[] Packet);

    private static Message Make(string body, int parentCount, int seed)
    {
        byte[][] parents = [.. Enumerable.Range(0, parentCount).Select(i => SHA256.HashData(Encoding.UTF8.GetBytes($"parent/{seed}/{i}")))];
        return new Message(parents, body, DataMessage.Encode(Sid, GroupKey, SigningKey, parents, body, new SeededRandom($"iv/{seed}")));
    }

    private static readonly Gen<Message> Messages = Gen.Select(Body, Gen.Int[0, 3], Gen.Int[0, 1 << 20], Make);

    private static readonly Message Genuine = Make("a genuine message ✓", 2, 0);

    /// <summary>What MP-9 says of <paramref name="records"/>, a packet made from <paramref name="genuine"/>'s: the first check it fails, or null.</summary>
    private static MpencErrorCode? Expected(IReadOnlyList<TlvRecord> records, IReadOnlyList<TlvRecord> genuine)
    {
        if (!records.Select(r => r.Type).SequenceEqual(Layout.Select(t => (ushort)t)))
        {
            return MpencErrorCode.UnexpectedRecord;
        }

        if (!records[2].Value.AsSpan().SequenceEqual((byte[])[0x00, 0x01]) || !records[3].Value.AsSpan().SequenceEqual((byte[])[0x03]))
        {
            return MpencErrorCode.UnsupportedVersion;
        }

        if (records[0].Value.Length != 1 || records[1].Value.Length != 64 || records[4].Value.Length != 16)
        {
            return MpencErrorCode.Malformed;
        }

        if (records[0].Value[0] != Hint)
        {
            return MpencErrorCode.WrongSession;
        }

        return Enumerable.Range(1, 5).All(i => records[i].Value.AsSpan().SequenceEqual(genuine[i].Value)) ? null : MpencErrorCode.BadSignature;
    }

    /// <summary>Decodes <paramref name="records"/> and checks the outcome against <see cref="Expected"/>; a packet that decodes gives the genuine message.</summary>
    private static MpencErrorCode? CheckDecode(IReadOnlyList<TlvRecord> records, Message genuine, string because)
    {
        MpencErrorCode? expected = Expected(records, Tlv.Decode(genuine.Packet));
        (IReadOnlyList<byte[]> Parents, string Body) read = default;
        MpencErrorCode? code = Refusal.Of(() => read = DataMessage.Decode(Tlv.Encode(records), Sid, GroupKey, AuthorKey));
        code.Should().Be(expected, because);
        if (code is null)
        {
            read.Body.Should().Be(genuine.Body);
            read.Parents.Should().BeEquivalentTo(genuine.Parents, o => o.WithStrictOrdering());
        }

        return code;
    }

    [Test]
    public void Edited_packets_fail_the_first_check_MP9_names_and_the_codes_are_the_documented_ones()
    {
        var tally = new CodeTally();
        IReadOnlyList<TlvRecord> records = Tlv.Decode(Genuine.Packet);
        RecordEdit[] named =
        [
            new(RecordEditKind.Remove, 5, 0, 0x7777, [1]), // unexpected_record
            new(RecordEditKind.AlterVersion, 0, 1, 0, [0, 2]), // unsupported_version
            new(RecordEditKind.Lengthen, 4, 0, 0, [1]), // malformed (a 17-byte IV)
            new(RecordEditKind.FlipBit, 0, 0, 0, [1]), // wrong_session
            new(RecordEditKind.FlipBit, 5, 9, 0, [1]), // bad_signature
        ];
        foreach (RecordEdit edit in named)
        {
            tally.Add(CheckDecode(edit.ApplyTo(records), Genuine, edit.ToString()));
        }

        tally.Refusals.Should().Equal(DocumentedCodes);
        Gen.Select(Messages, RecordEdit.Any).Sample((genuine, edit) =>
            tally.Add(CheckDecode(edit.ApplyTo(Tlv.Decode(genuine.Packet)), genuine, edit.ToString())), iter: 600);
        tally.Refusals.Should().BeSubsetOf(DocumentedCodes, tally.ToString());
    }

    [Test]
    public void Every_records_value_emptied_cut_or_lengthened_fails_the_check_MP9_names()
    {
        IReadOnlyList<TlvRecord> records = Tlv.Decode(Genuine.Packet);
        var tally = new CodeTally();
        for (int i = 0; i < records.Count; i++)
        {
            int old = records[i].Value.Length;
            foreach (int length in ((int[])[0, old - 1, old + 1, old + 40]).Where(l => l >= 0 && l != old).Distinct())
            {
                List<TlvRecord> edited = [.. records];
                edited[i] = records[i] with { Value = [.. records[i].Value.Concat(new byte[40]).Take(length)] };
                tally.Add(CheckDecode(edited, Genuine, $"record {i} of {length} bytes, not {old}"));
            }
        }

        // The hint, signature and IV are checked for length (malformed), version and type for value, the payload by the signature.
        tally.Refusals.Should().Equal(Refusal.Names(MpencErrorCode.Malformed, MpencErrorCode.UnsupportedVersion, MpencErrorCode.BadSignature), tally.ToString());
    }

    [Test]
    public void Random_records_and_random_bytes_are_refused_with_a_documented_code()
    {
        var tally = new CodeTally();
        RecordEdit.RandomRecords.Sample(records => tally.Add(CheckDecode(records, Genuine, $"{records.Length} random records")), iter: 1000);
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            MpencErrorCode? code = tally.Add(Refusal.Of(() => DataMessage.Decode(bytes, Sid, GroupKey, AuthorKey)));
            code.Should().NotBeNull();
            Refusal.Names(code!.Value).Should().BeSubsetOf(DocumentedCodes);
        }, iter: 1000);
        tally.Refusals.Should().BeSubsetOf(DocumentedCodes, tally.ToString());
    }

    [Test]
    public void A_genuine_packet_read_with_another_sid_group_key_or_author_key_is_wrong_session_or_bad_signature()
    {
        Gen.Select(Messages, Gen.Byte.Array[0, 48], Gen.Byte.Array[16], Gen.Byte.Array[32]).Sample((genuine, sid, groupKey, author) =>
        {
            byte hint = SHA256.HashData([.. sid, .. GroupKey])[0];
            MpencErrorCode expected = hint == Hint ? MpencErrorCode.BadSignature : MpencErrorCode.WrongSession;
            Refusal.Of(() => DataMessage.Decode(genuine.Packet, sid, GroupKey, AuthorKey)).Should().Be(sid.AsSpan().SequenceEqual(Sid) ? null : expected, "another sid");
            hint = SHA256.HashData([.. Sid, .. groupKey])[0];
            expected = hint == Hint ? MpencErrorCode.BadSignature : MpencErrorCode.WrongSession;
            Refusal.Of(() => DataMessage.Decode(genuine.Packet, Sid, groupKey, AuthorKey)).Should().Be(groupKey.AsSpan().SequenceEqual(GroupKey) ? null : expected, "another group key");
            Refusal.Of(() => DataMessage.Decode(genuine.Packet, Sid, GroupKey, author)).Should().Be(MpencErrorCode.BadSignature, "another author's key (or 32 bytes that are no key)");
            Refusal.Of(() => DataMessage.Decode(genuine.Packet, Sid, GroupKey, PublicKey(author))).Should().Be(MpencErrorCode.BadSignature, "another author's key");
        }, iter: 300);
    }

    [Test]
    public void A_group_key_or_author_key_of_another_length_is_malformed()
    {
        Gen.Byte.Array[0, 64].Sample(key =>
        {
            MpencErrorCode sixteen = SHA256.HashData([.. Sid, .. key])[0] == Hint ? MpencErrorCode.BadSignature : MpencErrorCode.WrongSession;
            Refusal.Of(() => DataMessage.Decode(Genuine.Packet, Sid, key, AuthorKey)).Should().Be(key.Length == 16 ? sixteen : MpencErrorCode.Malformed);
            Refusal.Of(() => DataMessage.Decode(Genuine.Packet, Sid, GroupKey, key)).Should().Be(key.Length == 32 ? MpencErrorCode.BadSignature : MpencErrorCode.Malformed);
        }, iter: 300, print: key => $"{key.Length} bytes");
    }

    [Test]
    public void A_signature_made_over_another_session_is_bad_signature_even_with_this_sessions_hint()
    {
        Gen.Select(Body, Gen.Byte.Array[0, 48]).Sample((body, otherSid) =>
        {
            byte[] packet = DataMessage.Encode(otherSid, GroupKey, SigningKey, [], body, new SeededRandom("other session"));
            List<TlvRecord> records = [.. Tlv.Decode(packet)];
            bool sameSession = otherSid.AsSpan().SequenceEqual(Sid);
            records[0] = records[0] with { Value = [Hint] };
            Refusal.Of(() => DataMessage.Decode(Tlv.Encode(records), Sid, GroupKey, AuthorKey)).Should().Be(sameSession ? null : MpencErrorCode.BadSignature);
        }, iter: 300);
    }

    /// <summary>A data packet the author signs around <paramref name="plaintext"/>, whatever it holds (CTR by BouncyCastle, the IV as the first counter block).</summary>
    private static byte[] SignedAround(byte[] plaintext, byte[] iv)
    {
        var ctr = CipherUtilities.GetCipher("AES/CTR/NoPadding");
        ctr.Init(true, new ParametersWithIV(new KeyParameter(GroupKey), iv));
        byte[] signed = Tlv.Encode(
        [
            new TlvRecord(TlvType.ProtocolVersion, [0x00, 0x01]),
            new TlvRecord(TlvType.MessageType, [0x03]),
            new TlvRecord(TlvType.MessageIv, iv),
            new TlvRecord(TlvType.MessagePayload, ctr.DoFinal(plaintext)),
        ]);
        byte[] input = [.. "datamsgsig"u8, .. SHA256.HashData([.. Sid, .. GroupKey]), .. signed];
        byte[] signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(SigningKey, 0, input, 0, input.Length, signature, 0);
        return [.. Tlv.Encode([new TlvRecord(TlvType.SidkeyHint, [Hint]), new TlvRecord(TlvType.MessageSignature, signature)]), .. signed];
    }

    /// <summary>What MP-7 and §5.3 say of a payload's records: parents of 32 bytes then the body, its length within its padding, zeros after, UTF-8.</summary>
    private static MpencErrorCode? ExpectedPayload(IReadOnlyList<TlvRecord> plain)
    {
        if (plain.Count == 0 || plain[^1].Type != (ushort)TlvType.MessageBody || plain.SkipLast(1).Any(r => r.Type != (ushort)TlvType.MessageParent || r.Value.Length != 32))
        {
            return MpencErrorCode.UnexpectedRecord;
        }

        byte[] padded = plain[^1].Value;
        if (padded.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(padded) > padded.Length - 2)
        {
            return MpencErrorCode.Malformed;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(padded);
        bool zeros = padded.AsSpan(2 + length).IndexOfAnyExcept((byte)0) < 0;
        return zeros && Refusal.Of(() => StrictUtf8.Decode(padded.AsSpan(2, length))) is null ? null : MpencErrorCode.Malformed;
    }

    [Test]
    public void A_payload_the_author_signed_that_does_not_decode_is_refused_after_the_signature_verifies()
    {
        byte[] iv = SHA256.HashData("bad-input/iv"u8)[..16];
        var tally = new CodeTally();
        Gen<RecordEdit> payloadEdits = RecordEdit.Any.Where(e => e.Kind is not (RecordEditKind.AlterVersion or RecordEditKind.AlterType));
        Gen.Select(Messages, payloadEdits, Gen.Byte.Array[0, 40], Gen.Int[0, 3]).Sample((genuine, edit, raw, how) =>
        {
            List<TlvRecord> plain = [.. genuine.Parents.Select(p => new TlvRecord(TlvType.MessageParent, p)), new TlvRecord(TlvType.MessageBody, DataMessage.PadBody(genuine.Body))];
            DataMessage.Decode(SignedAround(Tlv.Encode(plain), iv), Sid, GroupKey, AuthorKey).Body.Should().Be(genuine.Body, "the payload encrypted here is the implementation's");
            byte[] edited = how == 0 ? raw : Tlv.Encode(edit.ApplyTo(plain));
            MpencErrorCode? expected = Refusal.Of(() => Tlv.Decode(edited)) ?? ExpectedPayload(Tlv.Decode(edited));
            (IReadOnlyList<byte[]> Parents, string Body) read = default;
            tally.Add(Refusal.Of(() => read = DataMessage.Decode(SignedAround(edited, iv), Sid, GroupKey, AuthorKey))).Should().Be(expected, edit.ToString());
            if (expected is null)
            {
                byte[] body = Tlv.Decode(edited)[^1].Value;
                read.Body.Should().Be(Encoding.UTF8.GetString(body, 2, BinaryPrimitives.ReadUInt16BigEndian(body)));
            }
        }, iter: 500);
        tally.Refusals.Should().BeSubsetOf(Refusal.Names(MpencErrorCode.Malformed, MpencErrorCode.UnexpectedRecord), tally.ToString());
    }

    /// <summary>Strict UTF-8 (no replacement characters), as the reader's.</summary>
    private static class StrictUtf8
    {
        private static readonly UTF8Encoding Encoding = new(false, true);

        public static string Decode(ReadOnlySpan<byte> bytes)
        {
            try
            {
                return Encoding.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new MpencException(MpencErrorCode.Malformed, "not UTF-8");
            }
        }
    }
}

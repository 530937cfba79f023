using System.Security.Cryptography;
using System.Text;
using CsCheck;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Gka;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Wire;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Tests.BadInput;

/// <summary>
/// Greeting packets (seed 003 §5.2.3) under bad input, read with the author's key and with the PUB_KEY at SOURCE's place
/// (MP-13): edited packets (records inserted, reordered, duplicated, removed, resized, altered), random records and
/// bytes, another author's key — each outcome predicted, the layout and message signature checked before any record is
/// used; packets their author re-signed after the edit, so only the layout or a value is wrong; and values of another
/// length, which the packet carries and the agreement that consumes them refuses.
/// </summary>
[TestFixture]
public sealed class GreetingPacketBadInputPropertyTests
{
    /// <summary>MP-13's codes for a greeting packet, and only they.</summary>
    private static readonly string[] DocumentedCodes = Refusal.Names(MpencErrorCode.Malformed, MpencErrorCode.UnexpectedRecord, MpencErrorCode.UnsupportedVersion, MpencErrorCode.BadSignature);

    private static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>A genuine packet, its author's ephemeral key pair and its records.</summary>
    private sealed record Packet(string Name, Greeting Greeting, byte[] SigningKey, byte[] PublicKey, byte[] Bytes)
    {
        public IReadOnlyList<TlvRecord> Records => Tlv.Decode(Bytes);

        public override string ToString() => Name;
    }

    private static byte[] PublicOf(byte[] secret)
    {
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(secret, 0, publicKey, 0);
        return publicKey;
    }

    private static byte[] Bytes(string label) => SHA256.HashData(Encoding.UTF8.GetBytes(label));

    private static readonly string[] Ids = ["p1", "p2", "p3", "p4"];

    /// <summary>A combined first upflow from p1 (the GKA's keys, the ASKE's nonce and ephemeral key), as an agreement makes it.</summary>
    private static Packet FirstUpflow()
    {
        var random = new SeededRandom("bad-input/greeting");
        (_, CliquesFlow gka) = CliquesMember.New("p1").StartAgreement(Ids[1..], random);
        (AskeMember p1, AskeFlow aske) = AskeMember.New("p1", Bytes("static/p1")).StartExchange(Ids[1..], random);
        var greeting = new Greeting(0x009c, "p1", "p2", gka.Members, gka.IntermediateKeys, aske.Nonces, aske.EphemeralKeys, null, null, [], null);
        return new Packet("first upflow", greeting, p1.EphemeralSigningKey!, aske.EphemeralKeys[0], GreetingPacket.Encode(greeting, p1.EphemeralSigningKey!));
    }

    /// <summary>A first downflow from p4 with every list, the previous operation's records and a session signature.</summary>
    private static Packet FullDownflow()
    {
        byte[][] secrets = [.. Ids.Select(id => Bytes($"ephemeral/{id}"))];
        var greeting = new Greeting(
            0x021c, "p4", null, Ids, [.. Ids.Select(id => Bytes($"int key/{id}"))], [.. Ids.Select(id => Bytes($"nonce/{id}"))], [.. secrets.Select(PublicOf)],
            Bytes("prev pf"), Bytes("chain hash"), [Bytes("latest/1"), Bytes("latest/2")], [.. Bytes("sig/1"), .. Bytes("sig/2")]);
        return new Packet("full downflow", greeting, secrets[3], PublicOf(secrets[3]), GreetingPacket.Encode(greeting, secrets[3]));
    }

    /// <summary>A later acknowledgement from p3: its session signature alone, no lists (no key of its source in it).</summary>
    private static Packet Acknowledgement()
    {
        byte[] secret = Bytes("ephemeral/p3");
        var greeting = new Greeting(0x021c, "p3", null, [], [], [], [], null, null, [], [.. Bytes("ack/1"), .. Bytes("ack/2")]);
        return new Packet("acknowledgement", greeting, secret, PublicOf(secret), GreetingPacket.Encode(greeting, secret));
    }

    private static readonly Packet[] Genuine = [FirstUpflow(), FullDownflow(), Acknowledgement()];

    private static readonly Gen<Packet> Packets = Gen.OneOf(Genuine);

    private static bool SameRecords(IReadOnlyList<TlvRecord> a, IReadOnlyList<TlvRecord> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Type == p.Second.Type && p.First.Value.AsSpan().SequenceEqual(p.Second.Value));

    private static bool IsText(byte[] value)
    {
        try
        {
            _ = Strict.GetString(value);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>MP-13 for a packet read with <paramref name="key"/>: the three leading records, version and type, then the signature over everything else.</summary>
    private static MpencErrorCode? ExpectedWithKey(IReadOnlyList<TlvRecord> r, Packet genuine, byte[] key)
    {
        if (r.Count < 3 || r[0].Type != (ushort)TlvType.MessageSignature || r[1].Type != (ushort)TlvType.ProtocolVersion || r[2].Type != (ushort)TlvType.MessageType)
        {
            return MpencErrorCode.UnexpectedRecord;
        }

        if (!r[1].Value.AsSpan().SequenceEqual((byte[])[0x00, 0x01]) || !r[2].Value.AsSpan().SequenceEqual((byte[])[0x02]))
        {
            return MpencErrorCode.UnsupportedVersion;
        }

        return SameRecords(r, genuine.Records) && key.AsSpan().SequenceEqual(genuine.PublicKey) ? null : MpencErrorCode.BadSignature;
    }

    /// <summary>MP-13 for a packet read with the PUB_KEY at SOURCE's place among the MEMBERs (ids read as strict UTF-8 to find it).</summary>
    private static MpencErrorCode? ExpectedFromSource(IReadOnlyList<TlvRecord> r, Packet genuine)
    {
        byte[] source = r.FirstOrDefault(x => x.Type == (ushort)TlvType.Source)?.Value ?? [];
        byte[][] members = [.. r.Where(x => x.Type == (ushort)TlvType.Member).Select(x => x.Value)];
        if (!IsText(source) || !members.All(IsText))
        {
            return MpencErrorCode.Malformed;
        }

        int index = Array.FindIndex(members, m => m.AsSpan().SequenceEqual(source));
        byte[][] keys = [.. r.Where(x => x.Type == (ushort)TlvType.PubKey).Select(x => x.Value)];
        return index < 0 || index >= keys.Length || keys[index].Length != 32 ? MpencErrorCode.UnexpectedRecord : ExpectedWithKey(r, genuine, keys[index]);
    }

    private static MpencErrorCode? CheckBoth(IReadOnlyList<TlvRecord> records, Packet genuine, CodeTally tally, string because)
    {
        byte[] packet = Tlv.Encode(records);
        tally.Add(Refusal.Of(() => GreetingPacket.Decode(packet, genuine.PublicKey))).Should().Be(ExpectedWithKey(records, genuine, genuine.PublicKey), $"with the author's key: {because}");
        MpencErrorCode? code = tally.Add(Refusal.Of(() => GreetingPacket.Decode(packet)));
        code.Should().Be(ExpectedFromSource(records, genuine), $"with its source's PUB_KEY: {because}");
        return code;
    }

    [Test]
    public void Edited_packets_fail_the_first_check_MP13_names_and_the_codes_are_the_documented_ones()
    {
        var tally = new CodeTally();
        Packet upflow = Genuine[0];
        RecordEdit[] named =
        [
            new(RecordEditKind.InsertUnknown, 0, 0, 0x7777, [1]), // unexpected_record
            new(RecordEditKind.AlterType, 0, 1, 0, [3]), // unsupported_version
            new(RecordEditKind.Replace, 6, 0, 0, [0xff]), // the first MEMBER not UTF-8: malformed (from the source's key)
            new(RecordEditKind.FlipBit, 7, 0, 0, [1]), // bad_signature
        ];
        foreach (RecordEdit edit in named)
        {
            CheckBoth(edit.ApplyTo(upflow.Records), upflow, tally, edit.ToString());
        }

        tally.Refusals.Should().Equal(DocumentedCodes);
        Gen.Select(Packets, RecordEdit.Any).Sample((genuine, edit) => CheckBoth(edit.ApplyTo(genuine.Records), genuine, tally, edit.ToString()), iter: 600);
        tally.Refusals.Should().BeSubsetOf(DocumentedCodes, tally.ToString());
    }

    [Test]
    public void Random_records_and_random_bytes_are_refused_with_a_documented_code()
    {
        var tally = new CodeTally();
        Gen.Select(Packets, RecordEdit.RandomRecords).Sample((genuine, records) => CheckBoth(records, genuine, tally, $"{records.Length} random records"), iter: 800);
        Gen.Select(Packets, Gen.Byte.Array[0, 200]).Sample((genuine, bytes) =>
        {
            tally.Add(Refusal.Of(() => GreetingPacket.Decode(bytes, genuine.PublicKey))).Should().NotBeNull();
            tally.Add(Refusal.Of(() => GreetingPacket.Decode(bytes))).Should().NotBeNull();
        }, iter: 800);
        tally.Refusals.Should().BeSubsetOf(DocumentedCodes, tally.ToString());
    }

    [Test]
    public void A_genuine_packet_read_with_another_key_is_bad_signature_and_a_key_of_another_length_malformed()
    {
        Gen.Select(Packets, Gen.Byte.Array[0, 40]).Sample((genuine, key) =>
        {
            MpencErrorCode? expected = key.Length != 32 ? MpencErrorCode.Malformed : key.AsSpan().SequenceEqual(genuine.PublicKey) ? null : MpencErrorCode.BadSignature;
            Refusal.Of(() => GreetingPacket.Decode(genuine.Bytes, key)).Should().Be(expected);
            if (key.Length == 32)
            {
                Refusal.Of(() => GreetingPacket.Decode(genuine.Bytes, PublicOf(key))).Should().Be(MpencErrorCode.BadSignature, "another author's key");
            }
        }, iter: 300);
        Refusal.Of(() => GreetingPacket.Decode(Genuine[2].Bytes)).Should().Be(MpencErrorCode.UnexpectedRecord, "an acknowledgement carries no key of its source");
        Refusal.Of(() => GreetingPacket.Decode(Genuine[2].Bytes, Genuine[2].PublicKey)).Should().BeNull();
    }

    /// <summary>The packet of <paramref name="signed"/> (every record from PROTOCOL_VERSION on), signed by <paramref name="signingKey"/>.</summary>
    private static byte[] Resigned(IReadOnlyList<TlvRecord> signed, byte[] signingKey)
    {
        byte[] body = Tlv.Encode(signed);
        byte[] input = [.. "greetmsgsig"u8, .. body];
        byte[] signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(signingKey, 0, input, 0, input.Length, signature, 0);
        return [.. Tlv.Encode([new TlvRecord(TlvType.MessageSignature, signature)]), .. body];
    }

    private static readonly (TlvType Type, int Max)[] Slots =
    [
        (TlvType.GreetType, 1), (TlvType.Source, 1), (TlvType.Dest, 1), (TlvType.Member, int.MaxValue), (TlvType.IntKey, int.MaxValue), (TlvType.Nonce, int.MaxValue),
        (TlvType.PubKey, int.MaxValue), (TlvType.PrevPf, 1), (TlvType.ChainHash, 1), (TlvType.LatestPm, int.MaxValue), (TlvType.SessionSignature, 1),
    ];

    /// <summary>§5.2.3's layout after MESSAGE_TYPE: GREET_TYPE, SOURCE, DEST?, MEMBER*, INT_KEY*, NONCE*, PUB_KEY*, PREV_PF?, CHAIN_HASH?, LATEST_PM*, SESSION_SIGNATURE?.</summary>
    private static bool FollowsLayout(IReadOnlyList<TlvRecord> rest)
    {
        int i = 0;
        foreach ((TlvType type, int max) in Slots)
        {
            int count = 0;
            while (i < rest.Count && rest[i].Type == (ushort)type && count < max)
            {
                i++;
                count++;
            }

            if (count == 0 && type is TlvType.GreetType or TlvType.Source)
            {
                return false;
            }
        }

        return i == rest.Count;
    }

    private static readonly ushort[] TextTypes = [(ushort)TlvType.Source, (ushort)TlvType.Dest, (ushort)TlvType.Member];

    /// <summary>Decodes <paramref name="signed"/> re-signed by <paramref name="genuine"/>'s author: read exactly when it follows the layout and every value it reads is well formed.</summary>
    private static void CheckResigned(List<TlvRecord> signed, Packet genuine, CodeTally tally, string because)
    {
        Greeting? read = null;
        MpencErrorCode? code = tally.Add(Refusal.Of(() => read = GreetingPacket.Decode(Resigned(signed, genuine.SigningKey), genuine.PublicKey)));
        if (signed.Count < 2 || signed[0].Type != (ushort)TlvType.ProtocolVersion || signed[1].Type != (ushort)TlvType.MessageType)
        {
            code.Should().Be(MpencErrorCode.UnexpectedRecord, because);
            return;
        }

        if (!signed[0].Value.AsSpan().SequenceEqual((byte[])[0x00, 0x01]) || !signed[1].Value.AsSpan().SequenceEqual((byte[])[0x02]))
        {
            code.Should().Be(MpencErrorCode.UnsupportedVersion, because);
            return;
        }

        List<TlvRecord> rest = signed[2..];
        bool malformed = rest.Any(x => (x.Type == (ushort)TlvType.GreetType && x.Value.Length != 2) || (TextTypes.Contains(x.Type) && !IsText(x.Value)));
        MpencErrorCode?[] expected = (FollowsLayout(rest), malformed) switch
        {
            (true, false) => [null],
            (true, true) => [MpencErrorCode.Malformed],
            (false, false) => [MpencErrorCode.UnexpectedRecord],
            (false, true) => [MpencErrorCode.UnexpectedRecord, MpencErrorCode.Malformed], // whichever the reader meets first
        };
        expected.Should().Contain(code, because);
        if (code is null)
        {
            IEnumerable<byte[]> Of(TlvType type) => rest.Where(x => x.Type == (ushort)type).Select(x => x.Value);
            string? Text(TlvType type) => Of(type).Select(v => Strict.GetString(v)).FirstOrDefault();
            var written = new Greeting(
                (ushort)((Of(TlvType.GreetType).Single()[0] << 8) | Of(TlvType.GreetType).Single()[1]), Text(TlvType.Source)!, Text(TlvType.Dest),
                [.. Of(TlvType.Member).Select(v => Strict.GetString(v))], [.. Of(TlvType.IntKey)], [.. Of(TlvType.Nonce)], [.. Of(TlvType.PubKey)],
                Of(TlvType.PrevPf).SingleOrDefault(), Of(TlvType.ChainHash).SingleOrDefault(), [.. Of(TlvType.LatestPm)], Of(TlvType.SessionSignature).SingleOrDefault());
            read.Should().BeEquivalentTo(written, o => o.WithStrictOrdering(), because);
        }
    }

    [Test]
    public void Packets_their_author_re_signed_after_an_edit_are_read_only_when_they_follow_the_layout()
    {
        var tally = new CodeTally();
        Gen.Select(Packets, RecordEdit.Any).Sample((genuine, edit) => CheckResigned(edit.ApplyTo(genuine.Records.Skip(1).ToList()), genuine, tally, $"{genuine}: {edit}"), iter: 600);
        tally.Refusals.Should().BeSubsetOf(DocumentedCodes, tally.ToString());
    }

    [Test]
    public void Every_records_value_emptied_cut_or_lengthened_is_refused_or_read_as_MP13_says()
    {
        var tally = new CodeTally();
        foreach (Packet genuine in Genuine)
        {
            IReadOnlyList<TlvRecord> records = genuine.Records;
            for (int i = 0; i < records.Count; i++)
            {
                int old = records[i].Value.Length;
                foreach (int length in ((int[])[0, old - 1, old + 1, old + 40]).Where(l => l >= 0 && l != old).Distinct())
                {
                    List<TlvRecord> edited = [.. records];
                    edited[i] = records[i] with { Value = [.. records[i].Value.Concat(Enumerable.Repeat((byte)0x41, 40)).Take(length)] };
                    string because = $"{genuine}: record {i} (0x{records[i].Type:x4}) of {length} bytes, not {old}";
                    CheckBoth(edited, genuine, tally, because);
                    if (i > 0)
                    {
                        CheckResigned(edited[1..], genuine, tally, "re-signed, " + because);
                    }
                }
            }
        }

        tally.Refusals.Should().Equal(DocumentedCodes, tally.ToString());
    }

    [Test]
    public void A_packet_signed_by_another_member_than_its_source_is_bad_signature()
    {
        Packet upflow = Genuine[0];
        Gen.OneOf(Ids[1..]).Sample(signer =>
        {
            byte[] other = Bytes($"ephemeral/{signer}");
            byte[] packet = Resigned(upflow.Records.Skip(1).ToList(), other);
            Refusal.Of(() => GreetingPacket.Decode(packet)).Should().Be(MpencErrorCode.BadSignature, "the PUB_KEY at SOURCE's place is p1's");
            Refusal.Of(() => GreetingPacket.Decode(packet, upflow.PublicKey)).Should().Be(MpencErrorCode.BadSignature);
            Refusal.Of(() => GreetingPacket.Decode(packet, PublicOf(other))).Should().BeNull("the packet is well formed; the agreement authenticates its author");
        }, iter: 20);
    }

    [Test]
    public void Values_of_another_length_decode_and_the_agreement_that_consumes_them_refuses_them()
    {
        Packet upflow = Genuine[0];
        AskeMember p2Aske = AskeMember.New("p2", Bytes("static/p2"));
        CliquesMember p2Gka = CliquesMember.New("p2");
        TlvType[] consumed = [TlvType.IntKey, TlvType.Nonce, TlvType.PubKey];
        Gen.Select(Gen.OneOf(consumed), Gen.Int[0, 100], Gen.Int[0, 64].Where(n => n != 32)).Sample((type, pick, length) =>
        {
            List<TlvRecord> signed = [.. upflow.Records.Skip(1)];
            int[] places = [.. Enumerable.Range(0, signed.Count).Where(i => signed[i].Type == (ushort)type)];
            int at = places[pick % places.Length];
            signed[at] = signed[at] with { Value = [.. Enumerable.Range(0, length).Select(i => (byte)i)] };
            Greeting read = GreetingPacket.Decode(Resigned(signed, upflow.SigningKey), upflow.PublicKey);
            var gka = new CliquesFlow(CliquesFlowKind.Upflow, read.Members, read.IntermediateKeys);
            var aske = new AskeFlow(AskeFlowKind.Upflow, read.Source, read.Members, read.Nonces, read.EphemeralKeys, null);
            Refusal.Of(() => p2Gka.OnUpflow(gka, new SeededRandom("p2"))).Should().Be(type == TlvType.IntKey ? MpencErrorCode.Malformed : null);
            Refusal.Of(() => p2Aske.OnUpflow(aske, new SeededRandom("p2"))).Should().Be(type == TlvType.IntKey ? null : MpencErrorCode.Malformed);
        }, iter: 100);
    }
}

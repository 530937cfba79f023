using System.Security.Cryptography;
using CsCheck;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Ports;
using E2eeConformance.Mpenc.Wire;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Tests.Messages;

/// <summary>
/// Data packets and their encoding (seed 003 §5.3, §5.4): TLV strings and the ?mpENC: wrapper round-trip and refuse cut
/// input by code; a data packet has the document's record order, hint, padding and signature input, reads back its
/// parents and body, and every tampered twin — any bit of it flipped, another session, group key or author key — is
/// refused by name, never read.
/// </summary>
[TestFixture]
public sealed class DataMessageTests
{
    private sealed class Fixed(byte value) : IRandom
    {
        public void Fill(Span<byte> destination) => destination.Fill(value);
    }

    private static readonly byte[] Sid = SHA256.HashData("session"u8);
    private static readonly byte[] GroupKey = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private static readonly byte[] SigningKey = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    private static byte[] AuthorKey()
    {
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(SigningKey, 0, publicKey, 0);
        return publicKey;
    }

    private static readonly byte[][] Parents = [SHA256.HashData("m1"u8), SHA256.HashData("m2"u8)];

    [Test]
    public void TLV_strings_round_trip_and_cut_ones_are_malformed()
    {
        Gen.Select(Gen.UShort, Gen.Byte.Array[0, 300]).Array[0, 6]
            .Sample(records =>
            {
                TlvRecord[] tlv = [.. records.Select(r => new TlvRecord(r.Item1, r.Item2))];
                byte[] encoded = Tlv.Encode(tlv);
                IReadOnlyList<TlvRecord> decoded = Tlv.Decode(encoded);
                bool same = decoded.Count == tlv.Length && decoded.Zip(tlv).All(p => p.First.Type == p.Second.Type && p.First.Value.AsSpan().SequenceEqual(p.Second.Value));
                bool cutRefused = encoded.Length == 0 || FailsWith(() => Tlv.Decode(encoded.AsSpan(0, encoded.Length - 1)), MpencErrorCode.Malformed);
                return same && cutRefused;
            }, iter: 300);
    }

    [Test]
    public void Any_bytes_decode_as_TLV_or_are_malformed()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            try
            {
                _ = Tlv.Decode(bytes);
            }
            catch (MpencException e) when (e.Code == MpencErrorCode.Malformed)
            {
            }
        }, iter: 2000);
    }

    [Test]
    public void The_wire_text_is_the_prefix_base64_and_a_period()
    {
        byte[] tlv = Tlv.Encode([new TlvRecord(TlvType.ProtocolVersion, [0, 1])]);
        string packet = WirePacket.Wrap(tlv);
        packet.Should().Be("?mpENC:" + Convert.ToBase64String(tlv) + ".");
        WirePacket.Unwrap(packet).Should().Equal(tlv);
        foreach (string bad in (string[])["", "?mpENC:", "?mpENC", "?mpENC:AAEA", "mpENC:AAEAAgAB.", "?mpENC:***.", "?OTR:AAEAAgAB."])
        {
            FailsWith(() => WirePacket.Unwrap(bad), MpencErrorCode.Malformed).Should().BeTrue(bad);
        }
    }

    [Test]
    public void A_data_packet_has_the_documents_layout_hint_padding_and_signature()
    {
        byte[] packet = DataMessage.Encode(Sid, GroupKey, SigningKey, Parents, "hello", new Fixed(7));
        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        records.Select(r => (TlvType)r.Type).Should().Equal(TlvType.SidkeyHint, TlvType.MessageSignature, TlvType.ProtocolVersion, TlvType.MessageType, TlvType.MessageIv, TlvType.MessagePayload);
        byte[] sidKey = SHA256.HashData([.. Sid, .. GroupKey]);
        records[0].Value.Should().Equal(sidKey[0]);
        records[2].Value.Should().Equal(0x00, 0x01);
        records[4].Value.Should().Equal(Enumerable.Repeat((byte)7, 16));
        records[5].Value.Should().HaveCount((2 * (4 + 32)) + 4 + 128, "two parents and a body padded to 128 bytes");

        byte[] signedInput = [.. "datamsgsig"u8.ToArray(), .. sidKey, .. Tlv.Encode(records.Skip(2))];
        Ed25519.Verify(records[1].Value, 0, AuthorKey(), 0, signedInput, 0, signedInput.Length).Should().BeTrue();

        (IReadOnlyList<byte[]> parents, string body) = DataMessage.Decode(packet, Sid, GroupKey, AuthorKey());
        body.Should().Be("hello");
        parents.Should().BeEquivalentTo(Parents, o => o.WithStrictOrdering());
    }

    [TestCase(0, 128)]
    [TestCase(126, 128)]
    [TestCase(127, 256)]
    [TestCase(1000, 1024)]
    public void Bodies_pad_to_128_or_its_next_power_of_two_multiple(int length, int padded)
    {
        string body = new('x', length);
        DataMessage.PadBody(body).Should().HaveCount(padded);
        (_, string back) = DataMessage.Decode(DataMessage.Encode(Sid, GroupKey, SigningKey, [], body, new Fixed(1)), Sid, GroupKey, AuthorKey());
        back.Should().Be(body);
        DataMessage.Decode(DataMessage.Encode(Sid, GroupKey, SigningKey, [], "é ✓ " + body, new Fixed(1)), Sid, GroupKey, AuthorKey()).Body.Should().Be("é ✓ " + body);
    }

    [Test]
    public void Every_tampered_twin_is_refused_by_name()
    {
        byte[] packet = DataMessage.Encode(Sid, GroupKey, SigningKey, Parents, "tamper me", new Fixed(3));
        MpencErrorCode[] expected = [MpencErrorCode.Malformed, MpencErrorCode.UnexpectedRecord, MpencErrorCode.UnsupportedVersion, MpencErrorCode.WrongSession, MpencErrorCode.BadSignature];
        for (int bit = 0; bit < packet.Length * 8; bit++)
        {
            byte[] twin = (byte[])packet.Clone();
            twin[bit / 8] ^= (byte)(1 << (bit % 8));
            Action read = () => DataMessage.Decode(twin, Sid, GroupKey, AuthorKey());
            read.Should().Throw<MpencException>($"bit {bit} flipped").Which.Code.Should().BeOneOf(expected);
        }

        FailsWith(() => DataMessage.Decode(packet, SHA256.HashData("other session"u8), GroupKey, AuthorKey()), MpencErrorCode.WrongSession, MpencErrorCode.BadSignature).Should().BeTrue();
        byte[] otherKey = (byte[])GroupKey.Clone();
        otherKey[0] ^= 1;
        FailsWith(() => DataMessage.Decode(packet, Sid, otherKey, AuthorKey()), MpencErrorCode.WrongSession, MpencErrorCode.BadSignature).Should().BeTrue();
        byte[] stranger = new byte[32];
        Ed25519.GeneratePublicKey(new byte[32], 0, stranger, 0);
        FailsWith(() => DataMessage.Decode(packet, Sid, GroupKey, stranger), MpencErrorCode.BadSignature).Should().BeTrue();
        FailsWith(() => DataMessage.Decode(packet.AsSpan(0, packet.Length - 1), Sid, GroupKey, AuthorKey()), MpencErrorCode.Malformed).Should().BeTrue();
        FailsWith(() => DataMessage.Decode([.. packet, .. Tlv.Encode([new TlvRecord(TlvType.MessageBody, [])])], Sid, GroupKey, AuthorKey()), MpencErrorCode.UnexpectedRecord).Should().BeTrue();
    }

    [Test]
    public void Bad_arguments_are_typed_refusals()
    {
        FailsWith(() => DataMessage.Encode(Sid, GroupKey.AsSpan(1), SigningKey, [], "x", new Fixed(0)), MpencErrorCode.Malformed).Should().BeTrue();
        FailsWith(() => DataMessage.Encode(Sid, GroupKey, SigningKey, [new byte[31]], "x", new Fixed(0)), MpencErrorCode.Malformed).Should().BeTrue();
        FailsWith(() => DataMessage.PadBody(new string('x', DataMessage.MaxBodyBytes + 1)), MpencErrorCode.Malformed).Should().BeTrue();
        byte[] longest = DataMessage.Encode(Sid, GroupKey, SigningKey, [.. Enumerable.Range(0, 20).Select(_ => new byte[32])], new string('x', DataMessage.MaxBodyBytes), new Fixed(0));
        DataMessage.Decode(longest, Sid, GroupKey, AuthorKey()).Body.Should().HaveLength(DataMessage.MaxBodyBytes);
        FailsWith(() => Tlv.Encode([new TlvRecord(TlvType.MessageBody, new byte[70_000])]), MpencErrorCode.Malformed).Should().BeTrue();
    }

    private static bool FailsWith(Action act, params MpencErrorCode[] codes)
    {
        try
        {
            act();
            return false;
        }
        catch (MpencException e)
        {
            return codes.Contains(e.Code);
        }
    }
}

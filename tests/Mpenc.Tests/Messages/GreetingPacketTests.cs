using System.Security.Cryptography;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Gka;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Wire;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Tests.Messages;

/// <summary>
/// Greeting packets (seed 003 §5.2.3): the first upflow of a combined agreement — the GKA's intermediate keys and the
/// ASKE's nonce and ephemeral key for four members — as a packet in the document's record order, signed over
/// "greetmsgsig" ‖ the records by the author's ephemeral key, read back whole; a downflow with its session signature;
/// every one-bit twin, a reordered member list, a record out of the layout and another author's key refused by name.
/// </summary>
[TestFixture]
public sealed class GreetingPacketTests
{
    private static (Greeting Greeting, byte[] SigningKey, byte[] PublicKey) FirstUpflow()
    {
        var random = new SeededRandom("greeting");
        (_, CliquesFlow gka) = CliquesMember.New("p1").StartAgreement(["p2", "p3", "p4"], random);
        (AskeMember p1, AskeFlow aske) = AskeMember.New("p1", SHA256.HashData("static/p1"u8)).StartExchange(["p2", "p3", "p4"], random);
        var greeting = new Greeting(0x009c, "p1", "p2", gka.Members, gka.IntermediateKeys, aske.Nonces, aske.EphemeralKeys, null, null, [], null);
        return (greeting, p1.EphemeralSigningKey!, aske.EphemeralKeys[0]);
    }

    private static void ShouldMatch(Greeting actual, Greeting expected)
    {
        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    [Test]
    public void A_first_upflow_is_written_in_the_documents_order_and_read_back_whole()
    {
        (Greeting greeting, byte[] key, byte[] publicKey) = FirstUpflow();
        byte[] packet = GreetingPacket.Encode(greeting, key);
        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        records.Select(r => (TlvType)r.Type).Should().Equal(
            [TlvType.MessageSignature, TlvType.ProtocolVersion, TlvType.MessageType, TlvType.GreetType, TlvType.Source, TlvType.Dest,
             TlvType.Member, TlvType.Member, TlvType.Member, TlvType.Member, TlvType.IntKey, TlvType.IntKey, TlvType.Nonce, TlvType.PubKey]);
        byte[] input = [.. "greetmsgsig"u8.ToArray(), .. Tlv.Encode(records.Skip(1))];
        Ed25519.Verify(records[0].Value, 0, publicKey, 0, input, 0, input.Length).Should().BeTrue();
        ShouldMatch(GreetingPacket.Decode(packet, publicKey), greeting);
        ShouldMatch(GreetingPacket.Decode(packet), greeting); // the key taken from PUB_KEY at SOURCE's place
        WirePacket.Unwrap(WirePacket.Wrap(packet)).Should().Equal(packet);
    }

    [Test]
    public void A_downflow_with_the_previous_operations_records_and_a_session_signature_round_trips()
    {
        (Greeting upflow, byte[] key, byte[] publicKey) = FirstUpflow();
        var downflow = upflow with { GreetType = 0xFFFF, Dest = null, PrevPf = new byte[32], ChainHash = [.. Enumerable.Repeat((byte)5, 32)], LatestPm = [new byte[32], [.. Enumerable.Repeat((byte)1, 32)]], SessionSignature = new byte[64] };
        ShouldMatch(GreetingPacket.Decode(GreetingPacket.Encode(downflow, key), publicKey), downflow);
    }

    [Test]
    public void Tampered_reordered_misplaced_and_foreign_packets_are_refused_by_name()
    {
        (Greeting greeting, byte[] key, byte[] publicKey) = FirstUpflow();
        byte[] packet = GreetingPacket.Encode(greeting, key);
        MpencErrorCode[] expected = [MpencErrorCode.Malformed, MpencErrorCode.UnexpectedRecord, MpencErrorCode.UnsupportedVersion, MpencErrorCode.BadSignature];
        for (int bit = 0; bit < packet.Length * 8; bit++)
        {
            byte[] twin = (byte[])packet.Clone();
            twin[bit / 8] ^= (byte)(1 << (bit % 8));
            FluentActions.Invoking(() => GreetingPacket.Decode(twin, publicKey)).Should().Throw<MpencException>($"bit {bit} flipped").Which.Code.Should().BeOneOf(expected);
        }

        byte[] reordered = GreetingPacket.Encode(greeting with { Members = [.. greeting.Members.Reverse()] }, key);
        // The order is what the author signed (the agreement's session signatures catch a lying author).
        GreetingPacket.Decode(reordered, publicKey).Members.Should().Equal(["p4", "p3", "p2", "p1"]);

        // Re-signed by its author, so only the layout is wrong: a nonce after the public keys, an unknown record.
        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        foreach (IEnumerable<TlvRecord> misplaced in (IEnumerable<TlvRecord>[])[[.. records.Skip(1).Take(records.Count - 3), records[^1], records[^2]], [.. records.Skip(1), new TlvRecord(0x7777, [1])]])
        {
            byte[] signed = Tlv.Encode(misplaced);
            byte[] signature = new byte[64];
            byte[] input = [.. "greetmsgsig"u8.ToArray(), .. signed];
            Ed25519.Sign(key, 0, input, 0, input.Length, signature, 0);
            byte[] resigned = [.. Tlv.Encode([new TlvRecord(TlvType.MessageSignature, signature)]), .. signed];
            FluentActions.Invoking(() => GreetingPacket.Decode(resigned, publicKey)).Should().Throw<MpencException>().Which.Code.Should().Be(MpencErrorCode.UnexpectedRecord);
        }

        byte[] stranger = new byte[32];
        Ed25519.GeneratePublicKey(new byte[32], 0, stranger, 0);
        FluentActions.Invoking(() => GreetingPacket.Decode(packet, stranger)).Should().Throw<MpencException>().Which.Code.Should().Be(MpencErrorCode.BadSignature);
        byte[] withoutKey = GreetingPacket.Encode(greeting with { EphemeralKeys = [] }, key);
        FluentActions.Invoking(() => GreetingPacket.Decode(withoutKey)).Should().Throw<MpencException>().Which.Code.Should().Be(MpencErrorCode.UnexpectedRecord);
        FluentActions.Invoking(() => GreetingPacket.Decode(DataMessage.Encode(new byte[32], new byte[16], key, [], "x", new SeededRandom("d")), publicKey))
            .Should().Throw<MpencException>().Which.Code.Should().Be(MpencErrorCode.UnexpectedRecord, "a data packet is not a greeting");
    }
}

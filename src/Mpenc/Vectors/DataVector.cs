using System.Security.Cryptography;
using System.Text.Json.Nodes;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Wire;
using static E2eeConformance.Mpenc.Vectors.VectorJson;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// A data case of the vector file (seed 003 §5.3, §5.4): in the session an agreement case left (<c>after</c>), each
/// message is written by its author with <see cref="DataMessage.Encode"/> — its session id, group key and ephemeral
/// signing key, its parents (the packet ids, SHA-256 of the TLV bytes, of earlier messages of the case) and its stated IV
/// — and read by every other participant of the author's group. Twins (<c>of</c> a message): <c>flip</c>, <c>resign</c>
/// (the author signs the changed packet again), <c>truncate</c>, <c>wire</c>, <c>none</c> as for greetings, and
/// <c>author</c>: read as if written by <c>value</c>; each read by <c>to</c> in its own state.
/// </summary>
internal static class DataVector
{
    public static (JsonObject Outputs, CaseEnd End) Compute(JsonObject c, IReadOnlyDictionary<string, CaseEnd> ends)
    {
        CaseEnd start = CaseEnd.Of(c, ends);
        var messages = new JsonArray();
        var packets = new List<byte[]>();
        var authors = new List<string>();
        foreach (JsonNode? node in Array(c, "messages"))
        {
            JsonNode m = node ?? throw new FormatException("a message is an object");
            string author = Text(m, "author");
            IReadOnlyList<byte[]> parents = [.. Array(m, "parents").Select(p => ParentId(p, packets))];
            (JsonObject record, byte[] packet) = Write(start, author, parents, Text(m, "body"), Bytes(m, "iv"));
            messages.Add(record);
            packets.Add(packet);
            authors.Add(author);
        }

        var twins = new JsonArray();
        foreach (JsonNode? node in Array(c, "twins"))
        {
            var twin = (JsonObject)Normal(node as JsonObject ?? throw new FormatException("a twin is an object"));
            int of = Int(twin, "of");
            if (of < 0 || of >= packets.Count)
            {
                throw new FormatException($"there is no message {of}");
            }

            twins.Add(Twin(twin, start, packets[of], authors[of]));
        }

        return (new JsonObject { ["messages"] = messages, ["twins"] = twins }, start with { Packets = packets });
    }

    /// <summary>One message as its author writes it and every other participant reads it, with what the packet is made of.</summary>
    private static (JsonObject Record, byte[] Packet) Write(CaseEnd start, string author, IReadOnlyList<byte[]> parents, string body, byte[] iv)
    {
        VectorParty party = start.Party(author);
        byte[] sid = party.Aske.SessionId ?? throw new InvalidOperationException($"{author} has no session");
        byte[] groupKey = party.Gka.GroupKey();
        byte[] signingKey = party.Aske.EphemeralSigningKey ?? throw new InvalidOperationException($"{author} has no ephemeral signing key");
        byte[] authorKey = party.EphemeralKeyOf(author) ?? throw new InvalidOperationException($"{author} has no ephemeral key");
        var random = new FixedRandom(iv);
        byte[] packet = DataMessage.Encode(sid, groupKey, signingKey, parents, body, random);
        if (!random.Exhausted)
        {
            throw new FormatException($"an IV is {DataMessage.IvLength} bytes, not {iv.Length}");
        }

        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        byte[] sidKeyHash = DataMessage.SidKeyHash(sid, groupKey);
        byte[] input = PacketTamper.DataSignatureInput(records, sidKeyHash);
        byte[] signature = records[1].Value;
        if (!Ed25519.Verify(signature, 0, authorKey, 0, input, 0, input.Length))
        {
            throw new InvalidOperationException("the data packet's signature does not verify over its signature input");
        }

        byte[] padded = DataMessage.PadBody(body);
        byte[] plaintext = Tlv.Encode([.. parents.Select(p => new TlvRecord(TlvType.MessageParent, p)), new TlvRecord(TlvType.MessageBody, padded)]);
        string wire = WirePacket.Wrap(packet);
        var reads = new JsonArray();
        foreach (string reader in party.Gka.Members.Where(r => r != author))
        {
            (IReadOnlyList<byte[]> readParents, string readBody) = VectorGreeter.ReadData(start.Party(reader), wire, author);
            reads.Add(new JsonObject { ["member"] = reader, ["parents"] = HexArray(readParents), ["body"] = readBody });
        }

        var record = new JsonObject
        {
            ["author"] = author,
            ["sid"] = Hex(sid),
            ["group_key"] = Hex(groupKey),
            ["sidkey_hash"] = Hex(sidKeyHash),
            ["signing_key"] = Hex(signingKey),
            ["author_key"] = Hex(authorKey),
            ["parents"] = HexArray(parents),
            ["padded_body"] = Hex(padded),
            ["payload_plaintext"] = Hex(plaintext),
            ["iv"] = Hex(records[4].Value),
            ["payload"] = Hex(records[5].Value),
            ["signature_input"] = Hex(input),
            ["signature"] = Hex(signature),
            ["packet"] = Hex(packet),
            ["packet_id"] = PacketId.Of(packet),
            ["wire"] = wire,
            ["reads"] = reads,
        };
        return (record, packet);
    }

    private static JsonObject Twin(JsonObject twin, CaseEnd start, byte[] genuine, string author)
    {
        string change = Text(twin, "change"), to = Text(twin, "to");
        VectorParty reader = start.Party(to);
        string keyOf = change == "author" ? Text(twin, "value") : author;
        byte[]? changed = change switch
        {
            "none" or "wire" or "author" => null,
            "flip" => Flip(twin, genuine),
            "resign" => Resign(Flip(twin, genuine), start.Party(author)),
            "truncate" => genuine[..^1],
            _ => throw new FormatException($"unknown twin change {change}"),
        };
        string wire = WirePacket.Wrap(changed ?? genuine);
        if (change == "wire")
        {
            wire = wire[..^1];
        }

        if (changed is not null)
        {
            twin["packet"] = Hex(changed);
        }

        twin["wire"] = wire;
        twin["expect"] = Outcome(() => VectorGreeter.ReadData(reader, wire, keyOf));
        return twin;
    }

    private static byte[] Flip(JsonObject twin, byte[] packet) =>
        PacketTamper.Flip(packet, Text(twin, "record"), OptionalInt(twin, "index") ?? 0, OptionalInt(twin, "byte") ?? 0);

    private static byte[] Resign(byte[] packet, VectorParty author) =>
        PacketTamper.ResignData(
            packet,
            author.Aske.EphemeralSigningKey ?? throw new InvalidOperationException($"{author.Self} has no ephemeral signing key"),
            DataMessage.SidKeyHash(author.Aske.SessionId ?? throw new InvalidOperationException($"{author.Self} has no session"), author.Gka.GroupKey()));

    /// <summary>A parent reference: the packet id (SHA-256 of the TLV bytes) of the message at that index, which comes earlier.</summary>
    private static byte[] ParentId(JsonNode? node, List<byte[]> packets) =>
        node is JsonValue v && v.TryGetValue(out int index) && index >= 0 && index < packets.Count
            ? SHA256.HashData(packets[index])
            : throw new FormatException("a parent is the index of an earlier message of the case");
}

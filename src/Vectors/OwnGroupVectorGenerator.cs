using System.Text.Json.Nodes;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Vectors;

/// <summary>
/// Generates this project's own group vectors (vectors/README.md, <c>format</c> = <c>e2ee-conformance/group-v1</c>) in the
/// schema of the SKISSM group file: alice creates a group with bob and claire, messages are delivered out of order,
/// alice removes claire (new seed), then adds david (welcome/add). Each message records its signing randomness and has
/// a tampered twin. The SLH-DSA suite (seconds per signature) runs fewer messages.
/// </summary>
public static class OwnGroupVectorGenerator
{
    /// <summary>The <c>format</c> of our group files (vectors/README.md, group files).</summary>
    public const string Format = OwnVectorFile.FormatPrefix + "group-v1";
    private const long NowMs = 1_750_000_000_000;

    private sealed record Device(string Name, Account Account, Wire.E2eeAddress Address)
    {
        public GroupMember Member => new(Address, Account.Identity.Sign.PublicKey);
    }

    /// <summary>The group file of one suite, deterministically (every random byte from the file's labelled stream).</summary>
    public static JsonObject Generate(CipherSuite suite)
    {
        bool small = suite.Signature is SlhDsa;
        string label = $"e2ee-conformance/{suite.Name}/group/v1";
        var random = new ReferenceStreamRandom(label);
        var devices = new Dictionary<string, Device>();
        foreach (string name in (string[])["alice", "bob", "claire", "david"])
        {
            Wire.E2eeAddress address = Addresses.User("e2eelab.org", name, Uuid.New(random), name);
            var identity = IdentityKey.Generate(suite, random);
            devices[name] = new Device(name, new Account(suite, identity, [], [], 1), address);
        }

        var groupAddress = new Wire.E2eeAddress { Domain = "e2eelab.org", Group = new Wire.PeerGroup { GroupName = "conformance group", GroupId = Uuid.New(random) } };
        Wire.GroupInfo Info(params string[] names)
        {
            var info = new Wire.GroupInfo { GroupName = "conformance group", GroupAddress = groupAddress.Clone() };
            info.GroupMemberList.AddRange(names.Select((n, i) => new Wire.GroupMember { UserId = n, Domain = "e2eelab.org", Role = i == 0 ? Wire.GroupRole.Manager : Wire.GroupRole.Member }));
            return info;
        }

        var sessions = new Dictionary<string, GroupSession>();
        var root = new JsonObject
        {
            ["format"] = Format,
            ["description"] = $"E2eeConformance group vectors, suite {suite.Name} (pack {suite.PackId}): alice creates a group with bob and claire; messages delivered out of order; alice removes claire (new seed); alice adds david (welcome/add). Every message has a tampered twin. Schema: vectors/README.md.",
            ["suite"] = suite.Name,
            ["e2ees_pack_id"] = suite.PackId.Value,
            ["rng"] = $"SHA-256(SHA-256('{label}') || le64(counter)) stream, one stream for every random draw",
            ["members"] = new JsonArray([.. devices.Values.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Name,
                ["address"] = new JsonObject { ["domain"] = d.Address.Domain, ["user_id"] = d.Address.User.UserId, ["device_id"] = d.Address.User.DeviceId, ["pb"] = Hex.Of(d.Address.ToByteArray()) },
                ["sign_public_key"] = Hex.Of(d.Account.Identity.Sign.PublicKey),
                ["sign_private_key"] = Hex.Of(d.Account.Identity.Sign.PrivateKey.Span),
                ["identity_asym_public_key"] = Hex.Of(d.Account.Identity.Asym.PublicKey),
                ["identity_asym_private_key"] = Hex.Of(d.Account.Identity.Asym.PrivateKey.Span),
            })]),
            ["group_address"] = new JsonObject { ["domain"] = groupAddress.Domain, ["group_id"] = groupAddress.Group.GroupId, ["group_name"] = groupAddress.Group.GroupName, ["pb"] = Hex.Of(groupAddress.ToByteArray()) },
        };

        // Phase 1: creation by alice; messages delivered out of order.
        string[] phase1Members = ["alice", "bob", "claire"];
        root["phase1"] = SeedPhase(devices, sessions, "alice", phase1Members, Info(phase1Members), "", random);
        string[] senders1 = small ? ["alice", "bob"] : ["alice", "bob", "claire", "alice", "bob"];
        (JsonArray messages1, List<Wire.E2eeMsg> sent1) = Send(devices, sessions, senders1, "g", 1, random);
        var deliveries = new JsonArray();
        IEnumerable<int> order = Enumerable.Range(0, sent1.Count).Reverse();
        foreach (string receiver in phase1Members)
        {
            foreach (int i in receiver == "claire" ? Enumerable.Range(0, sent1.Count) : order)
            {
                if (messages1[i]!["from"]!.GetValue<string>() != receiver)
                {
                    Deliver(devices, sessions, receiver, sent1[i], (JsonObject)messages1[i]!, random);
                    deliveries.Add(new JsonObject { ["message"] = i, ["to"] = receiver });
                }
            }
        }

        root["phase1"]!["messages"] = messages1;
        root["phase1"]!["deliveries"] = deliveries;

        // Phase 2: alice removes claire: a new seed and session id, old_session_id set.
        string oldSession = sessions["alice"].SessionId;
        sessions.Remove("claire");
        string[] phase2Members = ["alice", "bob"];
        JsonObject phase2 = SeedPhase(devices, sessions, "alice", phase2Members, Info(phase2Members), oldSession, random);
        string[] senders2 = small ? ["bob"] : ["alice", "bob", "alice"];
        (JsonArray messages2, List<Wire.E2eeMsg> sent2) = Send(devices, sessions, senders2, "g", 1 + senders1.Length, random);
        for (int i = 0; i < sent2.Count; i++)
        {
            foreach (string receiver in phase2Members.Where(r => r != messages2[i]!["from"]!.GetValue<string>()))
            {
                Deliver(devices, sessions, receiver, sent2[i], (JsonObject)messages2[i]!, random);
            }
        }

        phase2["messages"] = messages2;
        root["phase2_after_removing_claire"] = phase2;

        // Phase 3: alice adds david.
        root["phase3_after_adding_david"] = AddPhase(devices, sessions, Info("alice", "bob", "david"), random, out _);
        string[] senders3 = small ? ["david"] : ["david", "alice", "bob", "david"];
        (JsonArray messages3, List<Wire.E2eeMsg> sent3) = Send(devices, sessions, senders3, "g", 1 + senders1.Length + senders2.Length, random);
        for (int i = 0; i < sent3.Count; i++)
        {
            foreach (string receiver in ((string[])["alice", "bob", "david"]).Where(r => r != messages3[i]!["from"]!.GetValue<string>()))
            {
                Deliver(devices, sessions, receiver, sent3[i], (JsonObject)messages3[i]!, random);
            }
        }

        root["phase3_after_adding_david"]!["messages"] = messages3;
        root["rng_bytes_consumed"] = random.Position;
        return root;
    }

    private static JsonObject SeedPhase(Dictionary<string, Device> devices, Dictionary<string, GroupSession> sessions, string creator, string[] members, Wire.GroupInfo info, string oldSessionId, IRandomSource random)
    {
        List<GroupMember> list = [.. members.Select(m => devices[m].Member)];
        (GroupSession created, Wire.GroupPreKeyBundle bundle) = GroupSessionFactory.Create(devices[creator].Account, devices[creator].Address, info, list, oldSessionId, random);
        sessions[creator] = created;
        foreach (string m in members.Where(m => m != creator))
        {
            sessions[m] = GroupSessionFactory.FromPreKeyBundle(devices[m].Account, devices[m].Address, bundle, list);
        }

        var phase = new JsonObject
        {
            ["group_seed"] = Hex.Of(bundle.GroupSeed.Span),
            ["session_id"] = bundle.SessionId,
        };
        if (oldSessionId.Length > 0)
        {
            phase["old_session_id"] = oldSessionId;
        }

        phase["group_pre_key_bundle_pb"] = Hex.Of(bundle.ToByteArray());
        phase["chain_keys"] = new JsonArray([.. members.Select(m => (JsonNode)new JsonObject
        {
            ["member"] = m,
            ["session_id"] = bundle.SessionId,
            ["sequence"] = sessions[m].OwnChain.Index,
            ["chain_key"] = Hex.Of(sessions[m].OwnChain.Key),
        })]);
        return phase;
    }

    private static (JsonArray Records, List<Wire.E2eeMsg> Sent) Send(Dictionary<string, Device> devices, Dictionary<string, GroupSession> sessions, string[] senders, string prefix, int firstNumber, ReferenceStreamRandom random)
    {
        var records = new JsonArray();
        var sent = new List<Wire.E2eeMsg>();
        for (int i = 0; i < senders.Length; i++)
        {
            string from = senders[i];
            string text = $"{prefix}{firstNumber + i} from {from}";
            GroupSession session = sessions[from];
            using MessageKey mk = session.OwnChain.MessageKey();
            var record = new JsonObject
            {
                ["n"] = firstNumber + i,
                ["from"] = from,
                ["session_id"] = session.SessionId,
                ["plaintext"] = text,
                ["sender_sequence_before"] = session.OwnChain.Index,
                ["sender_chain_key_before"] = Hex.Of(session.OwnChain.Key),
                ["message_key"] = Hex.Of(mk.Bytes),
                ["aes_key"] = Hex.Of(mk.AesKey),
                ["aes_iv"] = Hex.Of(mk.Iv),
                ["associated_data"] = Hex.Of(GroupSession.AssociatedData(session.Owner.SignPublicKey)),
            };
            byte[] signRandom = new byte[session.Suite.Signature is Curve25519Signature ? 64 : 32];
            random.Fill(signRandom);
            byte[] msgId = new byte[Uuid.RandomBytes];
            random.Fill(msgId);
            (GroupSession next, Wire.E2eeMsg message) = session.Encrypt(devices[from].Account, System.Text.Encoding.UTF8.GetBytes(text), new QueuedRandom(signRandom, msgId));
            sessions[from] = next;
            record["sign_random"] = Hex.Of(signRandom);
            record["sequence"] = message.GroupMsg.Sequence;
            record["ciphertext"] = Hex.Of(message.GroupMsg.Ciphertext.Span);
            record["signature"] = Hex.Of(message.GroupMsg.Signature.Span);
            record["group_msg_payload_pb"] = Hex.Of(message.GroupMsg.ToByteArray());
            record["e2ee_msg_pb"] = Hex.Of(message.ToByteArray());
            record["received_by"] = new JsonArray();
            records.Add(record);
            sent.Add(message);
        }

        return (records, sent);
    }

    private static void Deliver(Dictionary<string, Device> devices, Dictionary<string, GroupSession> sessions, string receiver, Wire.E2eeMsg message, JsonObject record, IRandomSource random)
    {
        if (!record.ContainsKey("tampered_twin"))
        {
            record["tampered_twin"] = Twin(sessions[receiver], message, record["n"]!.GetValue<int>(), devices[record["from"]!.GetValue<string>()].Account, random);
        }

        (GroupSession next, _, byte[] text) = sessions[receiver].Decrypt(message);
        sessions[receiver] = next;
        record["received_by"]!.AsArray().Add(new JsonObject { ["member"] = receiver, ["plaintext_ok"] = System.Text.Encoding.UTF8.GetString(text) == record["plaintext"]!.GetValue<string>() });
    }

    /// <summary>
    /// A tampering the first receiver must reject, changing nothing, chosen by the message's sequence: a flipped
    /// signature bit (bad_signature); a flipped ciphertext bit that the sender re-signed, so only the AEAD tag can catch
    /// it (bad_tag); or an unknown session id (unknown_group_session) — by the message number n modulo 3.
    /// </summary>
    private static JsonObject Twin(GroupSession receiver, Wire.E2eeMsg message, int n, Account sender, IRandomSource random)
    {
        Wire.E2eeMsg tampered = message.Clone();
        string description;
        switch (n % 3)
        {
            case 0:
                byte[] signature = tampered.GroupMsg.Signature.ToByteArray();
                signature[0] ^= 0x01;
                tampered.GroupMsg.Signature = ByteString.CopyFrom(signature);
                description = "group_msg.signature byte 0 flipped";
                break;
            case 1:
                byte[] ciphertext = tampered.GroupMsg.Ciphertext.ToByteArray();
                ciphertext[0] ^= 0x01;
                tampered.GroupMsg.Ciphertext = ByteString.CopyFrom(ciphertext);
                tampered.GroupMsg.Signature = ByteString.CopyFrom(receiver.Suite.Signature.Sign(sender.Identity.Sign.PrivateKey.Span, ciphertext, random));
                description = "group_msg.ciphertext byte 0 flipped and re-signed by the sender";
                break;
            default:
                tampered.SessionId = "AAAAAAAAAAAAAAAAAAAAAA==";
                description = "session_id replaced by an unknown one";
                break;
        }

        ProtocolErrorCode code;
        try
        {
            receiver.Decrypt(tampered);
            throw new EngineInvariantException("a tampered group message decrypted");
        }
        catch (ProtocolException e)
        {
            code = e.Code;
        }

        return new JsonObject
        {
            ["description"] = $"{description} (delivered to the first receiver, right before the genuine message)",
            ["field"] = "e2ee_msg_pb",
            ["bytes"] = Hex.Of(tampered.ToByteArray()),
            ["expected_error"] = code.Name(),
        };
    }

    private static JsonObject AddPhase(Dictionary<string, Device> devices, Dictionary<string, GroupSession> sessions, Wire.GroupInfo info, IRandomSource random, out GroupSession joined)
    {
        _ = random;
        GroupSession alice = sessions["alice"];
        GroupSession bob = sessions["bob"];
        var before = new JsonObject
        {
            ["alice_sequence"] = alice.OwnChain.Index,
            ["alice_chain_key"] = Hex.Of(alice.OwnChain.Key),
            ["bob_sequence"] = bob.OwnChain.Index,
            ["bob_chain_key"] = Hex.Of(bob.OwnChain.Key),
        };
        List<GroupMember> newcomers = [devices["david"].Member];
        (GroupSession aliceNext, Wire.GroupUpdateKeyBundle fromAlice) = GroupSessionAdd.AddAsInviter(alice, newcomers, info, NowMs);
        (GroupSession bobNext, Wire.GroupUpdateKeyBundle fromBob) = GroupSessionAdd.ApplyAsMember(bob, devices["alice"].Address, fromAlice.Sequence, newcomers, info, NowMs);
        joined = GroupSessionAdd.AcceptMemberChain(GroupSessionAdd.JoinFromInviter(devices["david"].Account, devices["david"].Address, fromAlice), fromBob);
        sessions["alice"] = aliceNext;
        sessions["bob"] = bobNext;
        sessions["david"] = joined;
        JsonObject Bundle(string from, Wire.GroupUpdateKeyBundle b) => new()
        {
            ["from"] = from,
            ["to"] = "david",
            ["adding"] = b.Adding,
            ["sequence"] = b.Sequence,
            ["chain_key"] = Hex.Of(b.ChainKey.Span),
            ["group_update_key_bundle_pb"] = Hex.Of(b.ToByteArray()),
        };
        return new JsonObject
        {
            ["session_id"] = aliceNext.SessionId,
            ["before"] = before,
            ["expected"] = new JsonObject
            {
                ["david_chain_key_welcome"] = Hex.Of(joined.OwnChain.Key),
                ["alice_chain_key_add"] = Hex.Of(aliceNext.OwnChain.Key),
                ["bob_chain_key_add"] = Hex.Of(bobNext.OwnChain.Key),
                ["rule"] = "welcome: HKDF-SHA256(ikm=CK_inviter, salt='welcome', info=0x02, L=32); add: HKDF-SHA256(ikm=CK, salt='add', info=0x02, L=32)",
            },
            ["group_update_key_bundles"] = new JsonArray(Bundle("alice", fromAlice), Bundle("bob", fromBob)),
            ["chain_keys"] = new JsonArray([.. ((string[])["alice", "bob", "david"]).Select(m => (JsonNode)new JsonObject
            {
                ["member"] = m,
                ["session_id"] = sessions[m].SessionId,
                ["sequence"] = sessions[m].OwnChain.Index,
                ["chain_key"] = Hex.Of(sessions[m].OwnChain.Key),
            })]),
        };
    }
}

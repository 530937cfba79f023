using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Vectors;

/// <summary>
/// Generates this project's own one-to-one vectors (vectors/README.md) for every named suite, deterministically:
/// every random byte comes from one <see cref="ReferenceStreamRandom"/> whose label the file records, exactly like the
/// reference harness. The files use the reference's one-to-one schema (so one reader serves both) plus a tampered
/// twin for the bundle and for every message, each naming the error code it must fail with.
/// </summary>
public static class OwnVectorGenerator
{
    /// <summary>The <c>format</c> of our one-to-one files (vectors/README.md, one-to-one files).</summary>
    public const string Format = OwnVectorFile.FormatPrefix + "one2one-v1";
    private const long StartMs = 1_750_000_000_000;
    private const string UndeliveredField = One2OneTranscript.UndeliveredField;

    /// <summary>
    /// The message schedule: the reference files' 21 messages (out of order within and across chains), then a tail
    /// with messages that are sent and never delivered: m23 in the middle of a chain of Bob's (m24 follows it in that
    /// chain; Alice keeps m23's key), and m26 at the end of a chain of Alice's (Bob learns of it, and keeps its key,
    /// when Alice's next chain arrives with m28). 's' = send, 'd' = deliver; a message never delivered has no 'd'.
    /// </summary>
    private static readonly (char Kind, int N)[] Schedule =
    [
        ('s', 1), ('d', 1), ('s', 2), ('d', 2), ('s', 3), ('d', 3), ('s', 4), ('d', 4), ('s', 5), ('d', 5), ('s', 6), ('d', 6),
        ('s', 7), ('d', 7), ('s', 8), ('d', 8), ('s', 9), ('d', 9), ('s', 10), ('d', 10), ('s', 11), ('d', 11), ('s', 12), ('d', 12),
        ('s', 13), ('s', 14), ('s', 15), ('d', 15), ('d', 13), ('d', 14),
        ('s', 16), ('s', 17), ('d', 17), ('d', 16),
        ('s', 18), ('s', 19), ('d', 18), ('s', 20), ('d', 20), ('s', 21), ('d', 21), ('d', 19),
        ('s', 22), ('s', 23), ('s', 24), ('d', 24), ('d', 22),
        ('s', 25), ('s', 26), ('d', 25), ('s', 27), ('d', 27), ('s', 28), ('d', 28),
    ];

    private static readonly string[] Senders =
    [
        "", "alice", "alice", "bob", "bob", "alice", "bob", "alice", "alice", "alice", "bob", "bob", "alice", "alice", "alice", "alice", "bob", "bob", "alice", "alice", "bob", "alice",
        "bob", "bob", "bob", "alice", "alice", "bob", "alice",
    ];

    /// <summary>Every own vector file by name: primitives, one one-to-one and one group file per named suite, then the sender-key, room-key and mpENC families' files.</summary>
    public static IEnumerable<(string Name, string Json)> GenerateAll() =>
        CipherSuite.Named.Select(suite => ($"one2one_{suite.Name}.json", Serialize(GenerateOne2One(suite))))
            .Concat(CipherSuite.Named.Select(suite => ($"group_{suite.Name}.json", Serialize(OwnGroupVectorGenerator.Generate(suite)))))
            .Prepend(("primitives.json", Serialize(OwnPrimitiveVectors.Generate())))
            .Append((SenderKeys.Vectors.SenderKeyVectorFile.FileName, SenderKeys.Vectors.SenderKeyVectorFile.Generate()))
            .Append((RoomKeys.Vectors.RoomKeyVectorFile.FileName, RoomKeys.Vectors.RoomKeyVectorFile.Generate()))
            .Append((Mpenc.Vectors.MpencVectorFile.FileName, Mpenc.Vectors.MpencVectorFile.Generate()));

    /// <summary>The committed text of a vector file: indented JSON, UTF-8 text unescaped, one final newline.</summary>
    public static string Serialize(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>The one-to-one file of one suite, deterministically (schedule above; undelivered messages included).</summary>
    public static JsonObject GenerateOne2One(CipherSuite suite)
    {
        string label = $"e2ee-conformance/{suite.Name}/one2one/v1";
        var random = new ReferenceStreamRandom(label);
        long now = StartMs;
        Wire.E2eeAddress aliceAddress = Addresses.User("e2eelab.org", "alice", Uuid.New(random), "alice");
        Wire.E2eeAddress bobAddress = Addresses.User("e2eelab.org", "bob", Uuid.New(random), "bob");
        Account alice = Account.Create(suite, random, now++);
        Account bob = Account.Create(suite, random, now++);
        OneTimePreKey opk = bob.OneTimePreKeys[0];
        Wire.PreKeyBundle bundle = bob.ToPreKeyBundle(bobAddress, opk);
        VerifiedPreKeyBundle verified = VerifiedPreKeyBundle.Verify(bundle, suite);
        (AwaitingAcceptSession pending, Wire.InviteMsg sent) = SessionInitiator.Invite(alice, aliceAddress, verified, random, now++);
        Wire.InviteMsg delivered = sent.Clone();
        delivered.AliceIdentityKey = ByteString.CopyFrom(alice.Identity.Asym.PublicKey);
        (Account bobAfter, EstablishedSession bobSession, Wire.AcceptMsg accept) = SessionResponder.Accept(bob, bobAddress, delivered, random);
        EstablishedSession aliceSession = pending.Complete(alice, accept, random);

        Wire.PreKeyBundle tamperedBundle = bundle.Clone();
        byte[] badSignature = tamperedBundle.SignedPreKeyPublic.Signature.ToByteArray();
        badSignature[0] ^= 0x01;
        tamperedBundle.SignedPreKeyPublic.Signature = ByteString.CopyFrom(badSignature);

        var root = new JsonObject
        {
            ["format"] = Format,
            ["description"] = $"E2eeConformance one-to-one vectors, suite {suite.Name} (pack {suite.PackId}): accounts, pre-key bundle, invite/accept, 28 messages: the reference schedule's 21 (m13–m15 delivered 15,13,14; m16/m17 delivered 17,16; m19 delayed across two ratchet steps), then m22–m28 with m23 (mid-chain) and m26 (end of a chain) sent and never delivered (undelivered_messages); every delivered message has a tampered twin. Schema: vectors/README.md.",
            ["suite"] = suite.Name,
            ["e2ees_pack_id"] = suite.PackId.Value,
            ["rng"] = $"SHA-256(SHA-256('{label}') || le64(counter)) stream, one stream for every random draw",
            ["alice_account"] = AccountJson(alice, aliceAddress, null),
            ["bob_account"] = AccountJson(bob, bobAddress, opk),
            ["bob_pre_key_bundle"] = new JsonObject
            {
                ["pre_key_bundle_pb"] = Hex.Of(bundle.ToByteArray()),
                ["tampered_twin"] = Twin("signed_pre_key_public.signature byte 0 flipped", "pre_key_bundle_pb", tamperedBundle.ToByteArray(), ProtocolErrorCode.BadSignedPreKeySignature),
            },
            ["invite_msg_sent_pb"] = Hex.Of(sent.ToByteArray()),
            ["invite_msg_delivered_pb"] = Hex.Of(delivered.ToByteArray()),
            ["accept_msg_pb"] = Hex.Of(accept.ToByteArray()),
            ["derived"] = new JsonObject { ["associated_data"] = Hex.Of(aliceSession.Info.AssociatedData) },
            ["alice_session_established"] = SessionJson(aliceSession, pending),
            ["bob_session_established"] = SessionJson(bobSession, null),
        };
        _ = bobAfter;

        var sessions = new Dictionary<string, EstablishedSession> { ["alice"] = aliceSession, ["bob"] = bobSession };
        var inFlight = new Dictionary<int, (JsonObject Record, Wire.E2eeMsg Message)>();
        var messages = new JsonArray();
        int deliveryOrder = 0;
        var deliveredN = new HashSet<int>();
        foreach ((char kind, int n) in Schedule)
        {
            string from = Senders[n];
            string to = from == "alice" ? "bob" : "alice";
            if (kind == 's')
            {
                string text = $"m{n} from {from} in {suite.Name}";
                EstablishedSession sender = sessions[from];
                var plaintext = new Wire.Plaintext { Version = sender.Info.Version.Plaintext, CommonMsg = ByteString.CopyFromUtf8(text) };
                using MessageKey mk = sender.Ratchet.Sender.ChainKey.MessageKey();
                var record = new JsonObject
                {
                    ["n"] = n,
                    ["from"] = from,
                    ["to"] = to,
                    ["plaintext"] = text,
                    ["plaintext_pb"] = Hex.Of(plaintext.ToByteArray()),
                    ["sender_state_before"] = new JsonObject
                    {
                        ["root_sequence"] = sender.Ratchet.RootSequence,
                        ["chain_key_index"] = sender.Ratchet.Sender.ChainKey.Index,
                        ["chain_key"] = Hex.Of(sender.Ratchet.Sender.ChainKey.Key),
                    },
                    ["message_key"] = Hex.Of(mk.Bytes),
                    ["aes_key"] = Hex.Of(mk.AesKey),
                    ["aes_iv"] = Hex.Of(mk.Iv),
                };
                (EstablishedSession next, Wire.E2eeMsg message) = sender.Encrypt(plaintext, random);
                sessions[from] = next;
                Wire.One2oneMsgPayload p = message.One2OneMsg;
                record["sequence"] = p.Sequence;
                record["root_sequence"] = p.RootSequence;
                record["sending_message_sequence"] = p.SendingMessageSequence;
                record["ratchet_key"] = Hex.Of(p.RatchetKey.Span);
                record["ciphertext"] = Hex.Of(p.Ciphertext.Span);
                record["one2one_msg_payload_pb"] = Hex.Of(p.ToByteArray());
                record["e2ee_msg_pb"] = Hex.Of(message.ToByteArray());
                inFlight[n] = (record, message);
            }
            else
            {
                (JsonObject record, Wire.E2eeMsg message) = inFlight[n];
                deliveredN.Add(n);
                record["delivery_order"] = ++deliveryOrder;
                EstablishedSession receiver = sessions[to];
                record["tampered_twin"] = MessageTwin(n, message, receiver, random);
                (EstablishedSession next, _) = receiver.Decrypt(message, random);
                sessions[to] = next;
                record["receiver_ratchet_after"] = RatchetJson(next.Ratchet);
                messages.Add(record);
            }
        }

        root["messages"] = messages;
        root[UndeliveredField] = new JsonArray([.. inFlight.Where(f => !deliveredN.Contains(f.Key)).OrderBy(f => f.Key).Select(f => (JsonNode)f.Value.Record)]);
        root["alice_session_final"] = SessionJson(sessions["alice"], null);
        root["bob_session_final"] = SessionJson(sessions["bob"], null);
        root["rng_bytes_consumed"] = random.Position;
        return root;
    }

    /// <summary>
    /// A one-bit tampering of the delivered message: odd messages in the AEAD ciphertext, even ones in the ratchet key.
    /// The expected error is what the receiver must report; its state must stay unchanged.
    /// </summary>
    private static JsonObject MessageTwin(int n, Wire.E2eeMsg message, EstablishedSession receiver, IRandomSource random)
    {
        Wire.E2eeMsg tampered = message.Clone();
        string what;
        if (n % 2 == 1)
        {
            byte[] c = tampered.One2OneMsg.Ciphertext.ToByteArray();
            c[0] ^= 0x01;
            tampered.One2OneMsg.Ciphertext = ByteString.CopyFrom(c);
            what = "one2one_msg.ciphertext byte 0 flipped";
        }
        else
        {
            byte[] k = tampered.One2OneMsg.RatchetKey.ToByteArray();
            k[^1] ^= 0x01;
            tampered.One2OneMsg.RatchetKey = ByteString.CopyFrom(k);
            what = "one2one_msg.ratchet_key last byte flipped";
        }

        try
        {
            receiver.Decrypt(tampered, random);
        }
        catch (ProtocolException e)
        {
            return Twin(what, "e2ee_msg_pb", tampered.ToByteArray(), e.Code);
        }

        throw new EngineInvariantException($"tampered twin of m{n} decrypted");
    }

    private static JsonObject Twin(string description, string field, byte[] bytes, ProtocolErrorCode expected) => new()
    {
        ["description"] = description,
        ["field"] = field,
        ["bytes"] = Hex.Of(bytes),
        ["expected_error"] = expected.Name(),
    };

    private static JsonObject AccountJson(Account account, Wire.E2eeAddress address, OneTimePreKey? used)
    {
        var json = new JsonObject
        {
            ["address"] = new JsonObject
            {
                ["domain"] = address.Domain,
                ["user_id"] = address.User.UserId,
                ["device_id"] = address.User.DeviceId,
                ["pb"] = Hex.Of(address.ToByteArray()),
            },
            ["e2ees_pack_id"] = account.Suite.PackId.Value,
            ["identity_key"] = new JsonObject
            {
                ["asym_key_pair"] = KeyPairJson(account.Identity.Asym),
                ["sign_key_pair"] = KeyPairJson(account.Identity.Sign),
            },
            ["signed_pre_key"] = new JsonObject
            {
                ["spk_id"] = account.CurrentSignedPreKey.Id,
                ["key_pair"] = KeyPairJson(account.CurrentSignedPreKey.KeyPair),
                ["signature"] = Hex.Of(account.CurrentSignedPreKey.Signature),
                ["ttl"] = account.CurrentSignedPreKey.ExpiresAtMs,
            },
        };
        if (used is not null)
        {
            json["used_one_time_pre_key"] = new JsonObject { ["opk_id"] = used.Id, ["key_pair"] = KeyPairJson(used.KeyPair) };
        }

        return json;
    }

    private static JsonObject KeyPairJson(KeyPair pair) => new()
    {
        ["public_key"] = Hex.Of(pair.PublicKey),
        ["private_key"] = Hex.Of(pair.PrivateKey.Span),
    };

    private static JsonObject SessionJson(EstablishedSession session, AwaitingAcceptSession? pending)
    {
        SessionInfo info = session.Info;
        var json = new JsonObject
        {
            ["session_id"] = info.SessionId,
            ["e2ees_pack_id"] = info.Suite.PackId.Value,
            ["our_address"] = new JsonObject { ["pb"] = Hex.Of(info.OurAddress.ToByteArray()) },
            ["their_address"] = new JsonObject { ["pb"] = Hex.Of(info.TheirAddress.ToByteArray()) },
            ["bob_signed_pre_key_id"] = info.BobSignedPreKeyId,
            ["bob_one_time_pre_key_id"] = info.BobOneTimePreKeyId,
            ["invite_t"] = info.InviteT,
            ["associated_data"] = Hex.Of(info.AssociatedData),
            ["fingerprint"] = Hex.Of(info.Fingerprint),
        };
        if (pending is not null)
        {
            KeyPair baseKey = pending.Pending switch
            {
                PendingKemHandshake k => k.BaseKey,
                PendingDhHandshake d => new KeyPair(d.Ratchet.Sender.OurRatchetKey, d.Ratchet.Receiver.OurRatchetPrivateKey),
                _ => throw new EngineInvariantException("pending handshake"),
            };
            json["alice_base_key"] = KeyPairJson(baseKey);
        }

        json["ratchet"] = RatchetJson(session.Ratchet);
        return json;
    }

    private static JsonObject RatchetJson(RatchetState r) => new()
    {
        ["root_key"] = Hex.Of(r.RootKey.Span),
        ["root_sequence"] = r.RootSequence,
        ["sending_message_sequence"] = r.SendingMessageSequence,
        ["sender_chain"] = new JsonObject
        {
            ["our_ratchet_public_key"] = Hex.Of(r.Sender.OurRatchetKey),
            ["their_ratchet_public_key"] = Hex.Of(r.Sender.TheirRatchetKey),
            ["chain_key"] = new JsonObject { ["index"] = r.Sender.ChainKey.Index, ["shared_key"] = Hex.Of(r.Sender.ChainKey.Key) },
        },
        ["receiver_chain"] = new JsonObject
        {
            ["their_ratchet_public_key"] = Hex.Of(r.Receiver.TheirRatchetKey),
            ["our_ratchet_private_key"] = Hex.Of(r.Receiver.OurRatchetPrivateKey.Span),
            ["chain_key"] = r.Receiver.ChainKey is { } ck ? new JsonObject { ["index"] = ck.Index, ["shared_key"] = Hex.Of(ck.Key) } : new JsonObject(),
            ["chain_start"] = r.Receiver.ChainStart,
        },
        ["skipped_msg_keys"] = new JsonArray([.. r.SkippedKeys.Select(k => (JsonNode)new JsonObject
        {
            ["index"] = k.Index,
            ["derived_key"] = Hex.Of(k.DerivedKey.Span),
            ["ratchet_key_public"] = Hex.Of(k.RatchetKey),
        })]),
    };
}

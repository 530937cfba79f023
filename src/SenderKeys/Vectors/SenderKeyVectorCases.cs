using System.Text;
using System.Text.Json.Nodes;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Pairwise;
using static E2eeConformance.SenderKeys.Vectors.SenderKeyVectorFile;

namespace E2eeConformance.SenderKeys.Vectors;

/// <summary>
/// The outputs of the protocol cases of <see cref="SenderKeyVectorFile"/>: a pairwise conversation, a sender key chain
/// and a rotation's transition window, each with tampered twins (a twin is read by the receiver as it stood before the
/// message it changes — after it, for a replay — and its outcome is the refusal code, or <c>reads</c>).
/// </summary>
internal static class SenderKeyVectorCases
{
    public static JsonObject Pairwise(JsonObject c)
    {
        string alice = (string)c["alice"]!, bob = (string)c["bob"]!;
        uint aliceKeyId = (uint)c["alice_key_id"]!, bobKeyId = (uint)c["bob_key_id"]!;
        P256Identity a = P256Identity.FromScalar(Bytes(c, "alice_scalar"));
        P256Identity b = P256Identity.FromScalar(Bytes(c, "bob_scalar"));
        var sessions = new Dictionary<string, PairwiseSession>(StringComparer.Ordinal)
        {
            [alice] = PairwiseSession.Establish(alice, a, aliceKeyId, bob, b.PublicKey, bobKeyId),
            [bob] = PairwiseSession.Establish(bob, b, bobKeyId, alice, a.PublicKey, aliceKeyId),
        };
        var messages = new JsonArray();
        var sent = new List<(PairwiseMessage Message, PairwiseSession Before, PairwiseSession After)>();
        foreach (JsonNode? m in (JsonArray)c["messages"]!)
        {
            string from = (string)m!["from"]!, to = from == alice ? bob : alice;
            (sessions[from], PairwiseMessage message) = sessions[from].Encrypt(Encoding.UTF8.GetBytes((string)m["plaintext"]!));
            PairwiseSession before = sessions[to];
            (sessions[to], byte[] read) = before.Decrypt(message);
            sent.Add((message, before, sessions[to]));
            messages.Add(new JsonObject
            {
                ["counter"] = message.Counter,
                ["nonce"] = Hex(KeySchedule.PairwiseNonce(message.Counter)),
                ["ad"] = Hex(AssociatedData.Of(AssociatedData.Pairwise, message.Sender, message.Recipient, message.KeyId, message.Counter)),
                ["sealed"] = Hex(message.Sealed),
                ["reads"] = Encoding.UTF8.GetString(read),
            });
        }

        var twins = new JsonArray();
        foreach (JsonNode? t in (JsonArray)c["twins"]!)
        {
            (PairwiseMessage message, PairwiseSession before, PairwiseSession after) = sent[(int)t!["of"]!];
            string change = (string)t["change"]!;
            PairwiseMessage changed = change switch
            {
                "flip_sealed" => message with { Sealed = Flip(message.Sealed) },
                "counter_plus_one" => message with { Counter = message.Counter + 1 },
                "key_id_plus_one" => message with { KeyId = message.KeyId + 1 },
                "truncate" => message with { Sealed = message.Sealed[..(Aead.TagLength - 1)] },
                "replay" => message,
                _ => throw new InvalidOperationException($"unknown twin change {change}"),
            };
            twins.Add(new JsonObject { ["of"] = (int)t["of"]!, ["change"] = change, ["expect"] = Outcome(() => (change == "replay" ? after : before).Decrypt(changed)) });
        }

        return new JsonObject
        {
            ["alice_public"] = a.PublicKey.ToHex(),
            ["bob_public"] = b.PublicKey.ToHex(),
            ["alice_to_bob_key"] = Hex(sessions[alice].SendKey),
            ["bob_to_alice_key"] = Hex(sessions[bob].SendKey),
            ["messages"] = messages,
            ["twins"] = twins,
        };
    }

    public static JsonObject Chain(JsonObject c)
    {
        var state = new SenderKeyState((string)c["group"]!, (string)c["sender"]!, (uint)c["key_id"]!, Bytes(c, "chain_key"), 0, 0);
        SenderKeyRecord record = SenderKeyRecord.Empty(state.Group, state.Sender).Add(state.Distribution, 0, SenderKeyPolicy.Default);
        var messages = new JsonArray();
        var sent = new List<(GroupMessage Message, SenderKeyRecord Before, SenderKeyRecord After)>();
        foreach (JsonNode? p in (JsonArray)c["plaintexts"]!)
        {
            byte[] messageKey = KeySchedule.MessageKey(state.ChainKey);
            (byte[] key, byte[] nonce) = KeySchedule.GroupMessageKeys(messageKey);
            (state, GroupMessage message) = state.Encrypt(Encoding.UTF8.GetBytes((string)p!));
            SenderKeyRecord before = record;
            (record, byte[] read) = before.Decrypt(message, 0, SenderKeyPolicy.Default);
            sent.Add((message, before, record));
            messages.Add(new JsonObject
            {
                ["counter"] = message.Counter,
                ["message_key"] = Hex(messageKey),
                ["aes_key"] = Hex(key),
                ["nonce"] = Hex(nonce),
                ["ad"] = Hex(AssociatedData.Of(AssociatedData.Group, message.Sender, message.Group, message.KeyId, message.Counter)),
                ["sealed"] = Hex(message.Sealed),
                ["next_chain_key"] = Hex(state.ChainKey),
                ["reads"] = Encoding.UTF8.GetString(read),
            });
        }

        var twins = new JsonArray();
        foreach (JsonNode? t in (JsonArray)c["twins"]!)
        {
            (GroupMessage message, SenderKeyRecord before, SenderKeyRecord after) = sent[(int)t!["of"]!];
            string change = (string)t["change"]!;
            GroupMessage changed = change switch
            {
                "flip_sealed" => message with { Sealed = Flip(message.Sealed) },
                "counter_plus_one" => message with { Counter = message.Counter + 1 },
                "key_id_plus_one" => message with { KeyId = message.KeyId + 1 },
                "replay" => message,
                _ => throw new InvalidOperationException($"unknown twin change {change}"),
            };
            twins.Add(new JsonObject { ["of"] = (int)t["of"]!, ["change"] = change, ["expect"] = Outcome(() => (change == "replay" ? after : before).Decrypt(changed, 0, SenderKeyPolicy.Default)) });
        }

        return new JsonObject { ["messages"] = messages, ["twins"] = twins };
    }

    public static JsonObject Rotation(JsonObject c)
    {
        string group = (string)c["group"]!, sender = (string)c["sender"]!;
        var policy = new SenderKeyPolicy { TransitionWindow = TimeSpan.FromMilliseconds((long)c["transition_window_ms"]!) };
        long learned = (long)c["key_2_learned_at_ms"]!;
        var key1 = new SenderKeyState(group, sender, 1, Bytes(c, "key_1_chain"), 0, 0);
        var key2 = new SenderKeyState(group, sender, 2, Bytes(c, "key_2_chain"), 0, 0);
        SenderKeyRecord record = SenderKeyRecord.Empty(group, sender).Add(key1.Distribution, learned, policy).Add(key2.Distribution, learned, policy);
        (_, GroupMessage under1) = key1.Encrypt("under key 1"u8);
        (_, GroupMessage under2) = key2.Encrypt("under key 2"u8);
        var reads = new JsonArray();
        foreach (JsonNode? r in (JsonArray)c["reads"]!)
        {
            GroupMessage message = (uint)r!["key_id"]! == 1 ? under1 : under2;
            reads.Add(new JsonObject { ["key_id"] = message.KeyId, ["at_ms"] = (long)r["at_ms"]!, ["expect"] = Outcome(() => record.Decrypt(message, (long)r["at_ms"]!, policy)) });
        }

        return new JsonObject
        {
            ["key_1_distribution"] = Hex(key1.Distribution.Encode()),
            ["key_2_distribution"] = Hex(key2.Distribution.Encode()),
            ["key_1_sealed"] = Hex(under1.Sealed),
            ["key_2_sealed"] = Hex(under2.Sealed),
            ["reads"] = reads,
        };
    }

    private static byte[] Flip(byte[] bytes) => [(byte)(bytes[0] ^ 0x01), .. bytes[1..]];

    private static string Outcome(Action read)
    {
        try
        {
            read();
            return "reads";
        }
        catch (SenderKeyException e)
        {
            return SenderKeyErrorCodes.Name(e.Code);
        }
    }
}

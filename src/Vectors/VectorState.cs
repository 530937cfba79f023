using System.Collections.Immutable;
using System.Text.Json.Nodes;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Sessions;

using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Vectors;

/// <summary>
/// Reads the reference schema's accounts, sessions and ratchets (vectors/reference/README.md) into engine
/// objects, and compares engine ratchets with recorded ones field by field.
/// </summary>
internal static class VectorState
{
    public static KeyPair KeyPair(JsonNode node, string path) =>
        new(node.Bytes($"{path}.public_key"), SecretBytes.Own(node.Bytes($"{path}.private_key")));

    public static Wire.E2eeAddress Address(JsonNode node, string path) =>
        Wire.E2eeAddress.Parser.ParseFrom(node.Bytes($"{path}.pb"));

    public static Account Account(JsonNode account, CipherSuite suite)
    {
        var identity = new IdentityKey(KeyPair(account, "identity_key.asym_key_pair"), KeyPair(account, "identity_key.sign_key_pair"));
        var spk = new SignedPreKey(
            account.UInt("signed_pre_key.spk_id"),
            KeyPair(account, "signed_pre_key.key_pair"),
            account.Bytes("signed_pre_key.signature"),
            account.Long("signed_pre_key.ttl"));
        ImmutableList<OneTimePreKey> opks = account.Has("used_one_time_pre_key")
            ? [new OneTimePreKey(account.UInt("used_one_time_pre_key.opk_id"), KeyPair(account, "used_one_time_pre_key.key_pair"), false)]
            : [];
        uint next = opks.IsEmpty ? 1 : opks[0].Id + 1;
        return new Account(suite, identity, [spk], opks, next);
    }

    public static RatchetState Ratchet(JsonNode r, uint chainStart)
    {
        JsonNode? receiverChainKey = r.Optional("receiver_chain.chain_key");
        ChainKey? receiving = receiverChainKey is JsonObject o && o.ContainsKey("index")
            ? ChainKey.Create(r.UInt("receiver_chain.chain_key.index"), r.Bytes("receiver_chain.chain_key.shared_key"))
            : null;
        var skipped = r.Array("skipped_msg_keys")
            .Select((k, i) => new SkippedMessageKey(k.Bytes("ratchet_key_public"), k.UInt("index"), SecretBytes.Own(k.Bytes("derived_key"))))
            .ToImmutableList();
        return new RatchetState(
            SecretBytes.Own(r.Bytes("root_key")),
            r.UInt("root_sequence"),
            r.UInt("sending_message_sequence"),
            new SenderChain(
                r.Bytes("sender_chain.our_ratchet_public_key"),
                r.Bytes("sender_chain.their_ratchet_public_key"),
                ChainKey.Create(r.UInt("sender_chain.chain_key.index"), r.Bytes("sender_chain.chain_key.shared_key"))),
            new ReceiverChain(
                r.Bytes("receiver_chain.their_ratchet_public_key"),
                SecretBytes.Own(r.Bytes("receiver_chain.our_ratchet_private_key")),
                receiving,
                chainStart),
            skipped);
    }

    public static EstablishedSession Session(JsonNode s, CipherSuite suite, ProtocolVersion version, uint chainStart)
    {
        var info = new SessionInfo(
            s.Str("session_id"),
            suite,
            version,
            Address(s, "our_address"),
            Address(s, "their_address"),
            s.Bytes("associated_data"),
            s.Bytes("fingerprint"),
            s.Long("invite_t"),
            s.UInt("bob_signed_pre_key_id"),
            s.UInt("bob_one_time_pre_key_id"));
        return new EstablishedSession(info, Ratchet(s.Node("ratchet"), chainStart));
    }

    /// <summary>
    /// Compares an engine ratchet with a recorded one. Skipped keys: every key we hold must be in the recorded list;
    /// the recorded list may hold more (the reference's phantom keys, REFERENCE-BEHAVIOUR §33), which we do not copy.
    /// <c>received_message_sequence</c> is not compared: the reference only updates it on in-chain skips (REFERENCE-BEHAVIOUR §33) and
    /// our engine does not use it.
    /// </summary>
    public static void Compare(CaseRecorder rec, string prefix, JsonNode r, RatchetState actual)
    {
        rec.Bytes($"{prefix}.root_key", r.Bytes("root_key"), actual.RootKey.Span);
        rec.Value($"{prefix}.root_sequence", r.UInt("root_sequence"), actual.RootSequence);
        rec.Value($"{prefix}.sending_message_sequence", r.UInt("sending_message_sequence"), actual.SendingMessageSequence);
        rec.Bytes($"{prefix}.sender_chain.our_ratchet_public_key", r.Bytes("sender_chain.our_ratchet_public_key"), actual.Sender.OurRatchetKey);
        rec.Bytes($"{prefix}.sender_chain.their_ratchet_public_key", r.Bytes("sender_chain.their_ratchet_public_key"), actual.Sender.TheirRatchetKey);
        rec.Value($"{prefix}.sender_chain.chain_key.index", r.UInt("sender_chain.chain_key.index"), actual.Sender.ChainKey.Index);
        rec.Bytes($"{prefix}.sender_chain.chain_key.shared_key", r.Bytes("sender_chain.chain_key.shared_key"), actual.Sender.ChainKey.Key);
        rec.Bytes($"{prefix}.receiver_chain.their_ratchet_public_key", r.Bytes("receiver_chain.their_ratchet_public_key"), actual.Receiver.TheirRatchetKey);
        rec.Bytes($"{prefix}.receiver_chain.our_ratchet_private_key", r.Bytes("receiver_chain.our_ratchet_private_key"), actual.Receiver.OurRatchetPrivateKey.Span);
        bool expectsChain = r.Optional("receiver_chain.chain_key") is JsonObject o && o.ContainsKey("index");
        if (expectsChain != actual.Receiver.ChainKey is not null)
        {
            rec.Fail($"{prefix}.receiver_chain.chain_key", expectsChain ? "expected a chain key, we have none" : "expected none, we have one");
        }
        else if (actual.Receiver.ChainKey is { } ck)
        {
            rec.Value($"{prefix}.receiver_chain.chain_key.index", r.UInt("receiver_chain.chain_key.index"), ck.Index);
            rec.Bytes($"{prefix}.receiver_chain.chain_key.shared_key", r.Bytes("receiver_chain.chain_key.shared_key"), ck.Key);
        }

        JsonArray recorded = r.Array("skipped_msg_keys");
        foreach (SkippedMessageKey ours in actual.SkippedKeys)
        {
            bool found = recorded.Any(k =>
                k.UInt("index") == ours.Index
                && k.Bytes("ratchet_key_public").AsSpan().SequenceEqual(ours.RatchetKey)
                && k.Bytes("derived_key").AsSpan().SequenceEqual(ours.DerivedKey.Span));
            if (!found)
            {
                rec.Fail($"{prefix}.skipped_msg_keys", $"we hold a key for index {ours.Index} of chain {Hex.Short(ours.RatchetKey)} that the reference does not");
            }
        }
    }
}

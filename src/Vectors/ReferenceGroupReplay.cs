using System.Text.Json.Nodes;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Sessions;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Vectors;

/// <summary>
/// Replays a group vector file of the reference schema (e2ees HEAD PQC, its ECC reconstruction, SKISSM v1.8.0 with the
/// add-member phase): every member's chain from the seed, every message as the sender (same ciphertext, signature and
/// bytes, with the signature randomness located in the recorded stream) and as each receiver (same text), the removal
/// (new seed, the removed member's old state reads nothing new) and the add (welcome/add derivations, update bundles).
/// </summary>
internal sealed class ReferenceGroupReplay
{
    private readonly string _file;
    private readonly JsonNode _root;
    private readonly List<VectorCaseResult> _results = [];
    private readonly Dictionary<string, (Account Account, Wire.E2eeAddress Address, GroupMember Member)> _members = [];
    private readonly Dictionary<string, GroupSession> _sessions = [];
    private CipherSuite _suite = CipherSuite.Pqc;
    private RecordedStream? _stream;
    private Wire.E2eeAddress _groupAddress = new();

    private ReferenceGroupReplay(string file, JsonNode root) => (_file, _root) = (file, root);

    public static bool Accepts(JsonNode root) => root.Has("phase1") && root.Has("members");

    public static IReadOnlyList<VectorCaseResult> Run(string file, JsonNode root)
    {
        var replay = new ReferenceGroupReplay(file, root);
        replay.RunAll();
        return replay._results;
    }

    private void RunAll()
    {
        var setup = new CaseRecorder(_file, "setup");
        if (!setup.Try("members", Setup))
        {
            _results.Add(setup.Result());
            return;
        }

        Dictionary<string, GroupSession> phase1 = SeedPhase("phase1", oldSessionId: null);
        foreach ((string name, GroupSession s) in phase1)
        {
            _sessions[name] = s;
        }

        ReplayMessages("phase1");

        if (_root.Has("phase2_after_removing_claire"))
        {
            Dictionary<string, GroupSession> before = new(_sessions);
            Dictionary<string, GroupSession> phase2 = SeedPhase("phase2_after_removing_claire", oldSessionId: _root.Str("phase1.session_id"));
            _sessions.Clear();
            foreach ((string name, GroupSession s) in phase2)
            {
                _sessions[name] = s;
            }

            ReplayMessages("phase2_after_removing_claire");
            CheckRemovedMemberReadsNothing("phase2_after_removing_claire", before);
        }

        if (_root.Has("phase3_after_adding_david"))
        {
            AddPhase("phase3_after_adding_david");
            ReplayMessages("phase3_after_adding_david");
        }
    }

    private void Setup()
    {
        _suite = CipherSuite.FromPackId(_root.UInt("e2ees_pack_id"));
        _groupAddress = _root.Has("group_address.pb")
            ? Wire.E2eeAddress.Parser.ParseFrom(_root.Bytes("group_address.pb"))
            : new Wire.E2eeAddress { Domain = _root.Str("group_address.domain"), Group = new Wire.PeerGroup { GroupId = _root.Str("group_address.group_id") } };
        foreach (JsonNode? m in _root.Array("members"))
        {
            string name = m.Str("name");
            Wire.E2eeAddress address = Wire.E2eeAddress.Parser.ParseFrom(m.Bytes("address.pb"));
            var sign = new KeyPair(m.Bytes("sign_public_key"), SecretBytes.Own(m.Bytes("sign_private_key")));
            KeyPair asym = m.Has("identity_asym_public_key")
                ? new KeyPair(m.Bytes("identity_asym_public_key"), SecretBytes.Own(m.Bytes("identity_asym_private_key")))
                : new KeyPair([], SecretBytes.Empty);
            var account = new Account(_suite, new IdentityKey(asym, sign), [], [], 1);
            _members[name] = (account, address, new GroupMember(address, sign.PublicKey));
        }

        byte[] seed = _root.Bytes("phase1.group_seed");
        string kind = _suite.IsEcc ? "ecc" : "pqc";
        IEnumerable<string> labels = RecordedStream.LabelOf(_root.Optional("rng")?.GetValue<string>()) is { } named
            ? [named]
            : [$"e2ees-vectors/{kind}/group/v1", $"e2ees-vectors/{kind}/group/skissm-ecc-v1"];
        _stream = RecordedStream.FromCandidates(labels, _root.Optional("rng_bytes_consumed")?.GetValue<long>() ?? 65536, seed);
    }

    /// <summary>A seed phase: the bundle carries the seed; every member's chain is HKDF(seed ‖ sign key) (REFERENCE-BEHAVIOUR §35, 36, 40).</summary>
    private Dictionary<string, GroupSession> SeedPhase(string phase, string? oldSessionId)
    {
        var sessions = new Dictionary<string, GroupSession>();
        var rec = new CaseRecorder(_file, $"{phase}: seed → every member's chain key");
        rec.Try(phase, () =>
        {
            JsonNode p = _root.Node(phase);
            byte[] seed = p.Bytes("group_seed");
            string sessionId = p.Str("session_id");
            List<string> names = [.. p.Array("chain_keys").Select(c => c.Str("member"))];
            Wire.GroupInfo info;
            ProtocolVersion version;
            if (p.Has("group_pre_key_bundle_pb"))
            {
                Wire.GroupPreKeyBundle bundle = WireParser.Parse(Wire.GroupPreKeyBundle.Parser, p.Bytes("group_pre_key_bundle_pb"));
                rec.Bytes($"{phase}.group_pre_key_bundle.group_seed", seed, bundle.GroupSeed.Span);
                rec.Value($"{phase}.group_pre_key_bundle.session_id", sessionId, bundle.SessionId);
                rec.Value($"{phase}.group_pre_key_bundle.old_session_id", oldSessionId ?? "", bundle.OldSessionId);
                rec.Value($"{phase}.group_pre_key_bundle.e2ees_pack_id", _suite.PackId.Value, bundle.E2EesPackId);
                info = bundle.GroupInfo;
                version = VersionOf(bundle.Version);
            }
            else
            {
                info = new Wire.GroupInfo { GroupName = _root.Optional("group_address.group_name")?.GetValue<string>() ?? "", GroupAddress = _groupAddress.Clone() };
                version = VersionOf(Wire.E2eeMsg.Parser.ParseFrom(p.Array("messages")[0].Bytes("e2ee_msg_pb")).Version);
            }

            List<GroupMember> members = [.. names.Select(n => Member(n).Member)];
            foreach (string name in names)
            {
                (Account account, Wire.E2eeAddress address, GroupMember self) = Member(name);
                GroupSession session = GroupSession.FromSeed(_suite, version, sessionId, info, self, members, seed);
                sessions[name] = session;
            }

            foreach (JsonNode? c in p.Array("chain_keys"))
            {
                string member = c.Str("member");
                byte[] expected = c.Has("chain_key") ? c.Bytes("chain_key") : c.Bytes("chain_key_derived_from_seed");
                rec.Bytes($"{phase}.chain_keys[{member}]", expected, sessions[member].OwnChain.Key);
                foreach ((string other, GroupSession s) in sessions)
                {
                    if (other != member)
                    {
                        rec.Bytes($"{phase}.chain_keys[{member}] as held by {other}", expected, s.Receivers[Member(member).Member.Key].Current.Chain.Key);
                    }
                }
            }
        });
        _results.Add(rec.Result());
        return sessions;
    }

    /// <summary>
    /// Sends every message of the phase, then delivers: in the order of the phase's <c>deliveries</c> list when it has
    /// one (out-of-order delivery), else each message to every receiver right after it is sent.
    /// </summary>
    private void ReplayMessages(string phase)
    {
        JsonArray messages = _root.Array($"{phase}.messages");
        var recorders = new CaseRecorder[messages.Count];
        var twinChecked = new bool[messages.Count];
        for (int i = 0; i < messages.Count; i++)
        {
            JsonNode m = messages[i]!;
            recorders[i] = new CaseRecorder(_file, $"{phase}.messages[{i}]: {m.Str("from")} → group \"{m.Str("plaintext")}\" (sender and every receiver)");
        }

        if (_root.Optional($"{phase}.deliveries") is JsonArray deliveries)
        {
            for (int i = 0; i < messages.Count; i++)
            {
                Send(phase, i, messages[i]!, recorders[i]);
            }

            foreach (JsonNode? d in deliveries)
            {
                int i = checked((int)d.Long("message"));
                Receive(phase, i, messages[i]!, d.Str("to"), recorders[i], twinChecked);
            }
        }
        else
        {
            for (int i = 0; i < messages.Count; i++)
            {
                JsonNode m = messages[i]!;
                Send(phase, i, m, recorders[i]);
                foreach (string receiver in Receivers(m, m.Str("from")))
                {
                    Receive(phase, i, m, receiver, recorders[i], twinChecked);
                }
            }
        }

        _results.AddRange(recorders.Select(r => r.Result()));
    }

    private void Send(string phase, int index, JsonNode m, CaseRecorder rec)
    {
        string from = m.Str("from");
        string name = $"{phase}.messages[{index}]";
        rec.Try($"{name} send", () =>
        {
            GroupSession sender = SessionOf(from);
            (Account account, _, _) = Member(from);
            rec.Value($"{name}.session_id", m.Str("session_id"), sender.SessionId);
            rec.Value($"{name}.sender_sequence_before", m.UInt("sender_sequence_before"), sender.OwnChain.Index);
            rec.Bytes($"{name}.sender_chain_key_before", m.Bytes("sender_chain_key_before"), sender.OwnChain.Key);
            using (MessageKey mk = sender.OwnChain.MessageKey())
            {
                rec.Bytes($"{name}.message_key", m.Bytes("message_key"), mk.Bytes);
            }

            if (m.Optional("associated_data") is JsonValue adValue && adValue.TryGetValue(out string? adHex) && adHex.Length > 0 && Uri.IsHexDigit(adHex[0]))
            {
                rec.Bytes($"{name}.associated_data", Hex.Parse(adHex, "associated_data"), GroupSession.AssociatedData(sender.Owner.SignPublicKey));
            }

            Wire.E2eeMsg recorded = Wire.E2eeMsg.Parser.ParseFrom(m.Bytes("e2ee_msg_pb"));
            byte[] msgId = Convert.FromBase64String(recorded.MsgId);
            _stream?.TryLocateLiteral(msgId);
            byte[] ciphertext = m.Bytes("ciphertext");
            byte[] signature = m.Bytes("signature");
            int signRandom = _suite.Signature is Curve25519Signature ? 64 : 32;
            byte[]? rnd = m.Has("sign_random")
                ? m.Bytes("sign_random")
                : _stream?.Locate(signRandom, candidate =>
                    _suite.Signature.Sign(account.Identity.Sign.PrivateKey.Span, ciphertext, new QueuedRandom(candidate)).AsSpan().SequenceEqual(signature));
            bool reproducible = rnd is not null;
            if (!reproducible && !_suite.Signature.Verify(account.Identity.Sign.PublicKey, ciphertext, signature))
            {
                rec.Fail($"{name}.signature", "does not verify with the sender's sign key");
            }

            (GroupSession next, Wire.E2eeMsg ours) = sender.Encrypt(account, System.Text.Encoding.UTF8.GetBytes(m.Str("plaintext")), new QueuedRandom(rnd ?? new byte[signRandom], msgId));
            rec.Bytes($"{name}.ciphertext", ciphertext, ours.GroupMsg.Ciphertext.Span);
            rec.Value($"{name}.sequence", m.UInt("sequence"), ours.GroupMsg.Sequence);
            if (reproducible)
            {
                rec.Bytes($"{name}.signature", signature, ours.GroupMsg.Signature.Span);
                string? diff = ProtoDiff.Compare(Wire.GroupMsgPayload.Parser, m.Bytes("group_msg_payload_pb"), ours.GroupMsg.ToByteArray())
                    ?? ProtoDiff.Compare(Wire.E2eeMsg.Parser, m.Bytes("e2ee_msg_pb"), ours.ToByteArray());
                if (diff is not null)
                {
                    rec.Fail($"{name}.e2ee_msg_pb", diff);
                }
            }

            _sessions[from] = next;
        });
    }

    private void Receive(string phase, int index, JsonNode m, string receiver, CaseRecorder rec, bool[] twinChecked)
    {
        string name = $"{phase}.messages[{index}]";
        if (!twinChecked[index] && m.Optional("tampered_twin") is { } twin && _sessions.TryGetValue(receiver, out GroupSession? current))
        {
            twinChecked[index] = true;
            CheckTwin(twin, $"{name} tampered twin at {receiver}", () => current.Decrypt(WireParser.Parse(Wire.E2eeMsg.Parser, twin.Bytes("bytes"))));
        }

        rec.Try($"{name} received by {receiver}", () =>
        {
            GroupSession session = SessionOf(receiver);
            Wire.E2eeMsg message = WireParser.Parse(Wire.E2eeMsg.Parser, m.Bytes("e2ee_msg_pb"));
            (GroupSession next, GroupMember sender, byte[] text) = session.Decrypt(message);
            rec.Value($"{name} plaintext at {receiver}", m.Str("plaintext"), System.Text.Encoding.UTF8.GetString(text));
            rec.Value($"{name} sender at {receiver}", Member(m.Str("from")).Member.Key, sender.Key);
            _sessions[receiver] = next;
        });
    }

    private void CheckTwin(JsonNode twin, string name, Action attempt) => _results.Add(TamperedTwin.Check(_file, twin, name, attempt));

    /// <summary>Removal (REFERENCE-BEHAVIOUR §40): the removed member keeps only its old session, which reads nothing of the new one.</summary>
    private void CheckRemovedMemberReadsNothing(string phase, Dictionary<string, GroupSession> before)
    {
        foreach (string removed in before.Keys.Where(n => !_sessions.ContainsKey(n)))
        {
            var rec = new CaseRecorder(_file, $"{phase}: removed member {removed} cannot decrypt any message sent after the removal");
            rec.Try(removed, () =>
            {
                GroupSession old = before[removed];
                foreach (JsonNode? m in _root.Array($"{phase}.messages"))
                {
                    Wire.E2eeMsg message = Wire.E2eeMsg.Parser.ParseFrom(m.Bytes("e2ee_msg_pb"));
                    foreach (Wire.E2eeMsg attempt in (Wire.E2eeMsg[])[message, Retarget(message, old.SessionId)])
                    {
                        try
                        {
                            old.Decrypt(attempt);
                            rec.Fail($"{phase} message from {m.Str("from")}", $"{removed}'s old state decrypted it");
                        }
                        catch (ProtocolException)
                        {
                        }
                    }
                }
            });
            _results.Add(rec.Result());
        }
    }

    /// <summary>The add phase (REFERENCE-BEHAVIOUR §41): welcome/add derivations and the update bundles, on real traffic.</summary>
    private void AddPhase(string phase)
    {
        var rec = new CaseRecorder(_file, $"{phase}: inviter, existing members and newcomer re-derive their chains");
        rec.Try(phase, () =>
        {
            JsonNode p = _root.Node(phase);
            JsonArray bundles = p.Array("group_update_key_bundles");
            JsonNode inviterBundleNode = bundles.First(b => b!["adding"]!.GetValue<bool>())!;
            string inviter = inviterBundleNode.Str("from");
            string newcomer = inviterBundleNode.Str("to");
            Wire.GroupUpdateKeyBundle recordedInviterBundle = WireParser.Parse(Wire.GroupUpdateKeyBundle.Parser, inviterBundleNode.Bytes("group_update_key_bundle_pb"));
            Wire.GroupInfo updatedInfo = recordedInviterBundle.GroupInfo;
            List<GroupMember> newcomers = [Member(newcomer).Member];

            foreach (string name in _sessions.Keys.ToList())
            {
                if (p.Has($"before.{name}_sequence"))
                {
                    rec.Value($"{phase}.before.{name}_sequence", p.UInt($"before.{name}_sequence"), _sessions[name].OwnChain.Index);
                    rec.Bytes($"{phase}.before.{name}_chain_key", p.Bytes($"before.{name}_chain_key"), _sessions[name].OwnChain.Key);
                }
            }

            uint inviterSequence = _sessions[inviter].OwnChain.Index;
            var produced = new Dictionary<string, Wire.GroupUpdateKeyBundle>();
            (GroupSession inviterNext, Wire.GroupUpdateKeyBundle inviterBundle) = GroupSessionAdd.AddAsInviter(_sessions[inviter], newcomers, updatedInfo, 0);
            produced[inviter] = inviterBundle;
            var next = new Dictionary<string, GroupSession> { [inviter] = inviterNext };
            foreach (string member in _sessions.Keys.Where(n => n != inviter))
            {
                (GroupSession s, Wire.GroupUpdateKeyBundle b) = GroupSessionAdd.ApplyAsMember(_sessions[member], Member(inviter).Address, inviterSequence, newcomers, updatedInfo, 0);
                next[member] = s;
                produced[member] = b;
            }

            foreach (JsonNode? b in bundles)
            {
                string from = b.Str("from");
                string? diff = ProtoDiff.Compare(Wire.GroupUpdateKeyBundle.Parser, b.Bytes("group_update_key_bundle_pb"), produced[from].ToByteArray());
                if (diff is not null)
                {
                    rec.Fail($"{phase}.group_update_key_bundles[{from}]", diff);
                }
            }

            (Account newcomerAccount, Wire.E2eeAddress newcomerAddress, _) = Member(newcomer);
            GroupSession joined = GroupSessionAdd.JoinFromInviter(newcomerAccount, newcomerAddress, produced[inviter]);
            foreach (string member in _sessions.Keys.Where(n => n != inviter))
            {
                joined = GroupSessionAdd.AcceptMemberChain(joined, produced[member]);
            }

            next[newcomer] = joined;
            foreach (JsonNode? c in p.Array("chain_keys"))
            {
                string member = c.Str("member");
                rec.Bytes($"{phase}.chain_keys[{member}]", c.Bytes("chain_key"), next[member].OwnChain.Key);
                rec.Value($"{phase}.chain_keys[{member}].sequence", c.UInt("sequence"), next[member].OwnChain.Index);
                foreach ((string other, GroupSession s) in next)
                {
                    if (other != member)
                    {
                        rec.Bytes($"{phase}.chain_keys[{member}] as held by {other}", c.Bytes("chain_key"), s.Receivers[Member(member).Member.Key].Current.Chain.Key);
                    }
                }
            }

            if (p.Optional("expected") is JsonObject expected)
            {
                rec.Bytes($"{phase}.expected.{newcomer}_chain_key_welcome", p.Bytes($"expected.{newcomer}_chain_key_welcome"), next[newcomer].OwnChain.Key);
                rec.Bytes($"{phase}.expected.{inviter}_chain_key_add", p.Bytes($"expected.{inviter}_chain_key_add"), next[inviter].OwnChain.Key);
                _ = expected;
            }

            foreach ((string name, GroupSession s) in next)
            {
                _sessions[name] = s;
            }
        });
        _results.Add(rec.Result());
    }

    private IEnumerable<string> Receivers(JsonNode m, string from)
    {
        if (m.Optional("received_by") is JsonArray list)
        {
            return list.Where(r => r!["plaintext_ok"]?.GetValue<bool>() != false).Select(r => r.Str("member"));
        }

        return _sessions.Keys.Where(n => n != from).ToList();
    }

    private static Wire.E2eeMsg Retarget(Wire.E2eeMsg message, string sessionId)
    {
        Wire.E2eeMsg copy = message.Clone();
        copy.SessionId = sessionId;
        return copy;
    }

    private static ProtocolVersion VersionOf(string protocol) =>
        protocol == ProtocolVersion.Skissm.Protocol ? ProtocolVersion.Skissm
        : protocol == ProtocolVersion.E2ees.Protocol ? ProtocolVersion.E2ees
        : new ProtocolVersion("recorded", protocol, protocol);

    private (Account Account, Wire.E2eeAddress Address, GroupMember Member) Member(string name) =>
        _members.TryGetValue(name, out var m) ? m : throw new VectorFormatException($"unknown member {name}");

    private GroupSession SessionOf(string name) =>
        _sessions.TryGetValue(name, out GroupSession? s) ? s : throw new VectorFormatException($"{name} holds no group session in this phase");
}

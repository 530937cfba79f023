using System.Text.Json.Nodes;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Sessions;

using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Vectors;

/// <summary>
/// Replays a one-to-one vector file of the reference schema (e2ees HEAD, its ECC reconstruction, SKISSM v1.8.0, or
/// an implementer's file of the same shape) through the engine, on both sides:
/// <list type="bullet">
/// <item>as the sender: from the recorded keys and the recorded randomness (located in the vector's random stream,
/// <see cref="RecordedStream"/>), the invite, accept and every message must come out byte for byte;</item>
/// <item>as the receiver: from the recorded bytes, every message must decrypt to the recorded text and leave the
/// recorded ratchet (root key, chains, counters; skipped keys without the reference's phantom keys).</item>
/// </list>
/// One case per step; a failed step is resynchronised from the recorded state so one bad field fails one case only.
/// The messages (sent in send order, delivered in delivery order, some perhaps never delivered) are replayed by
/// <see cref="One2OneMessageReplay"/>.
/// </summary>
internal sealed class ReferenceOne2OneReplay
{
    private readonly string _file;
    private readonly JsonNode _root;
    private readonly List<VectorCaseResult> _results = [];
    private CipherSuite _suite = CipherSuite.Pqc;
    private ProtocolVersion _version = ProtocolVersion.E2ees;
    private RecordedStream? _stream;
    private Account _alice = null!;
    private Account _bob = null!;
    private readonly Dictionary<string, EstablishedSession> _sessions = [];

    private ReferenceOne2OneReplay(string file, JsonNode root) => (_file, _root) = (file, root);

    public static bool Accepts(JsonNode root) => root.Has("messages") && root.Has("alice_account") && root.Has("invite_msg_delivered_pb");

    public static IReadOnlyList<VectorCaseResult> Run(string file, JsonNode root)
    {
        var replay = new ReferenceOne2OneReplay(file, root);
        replay.RunAll();
        return replay._results;
    }

    private void RunAll()
    {
        var setup = new CaseRecorder(_file, "setup");
        if (!setup.Try("accounts", Setup))
        {
            _results.Add(setup.Result());
            return;
        }

        VerifiedPreKeyBundle? bundle = CheckBundle();
        AwaitingAcceptSession? pending = CheckInvite(bundle);
        Wire.AcceptMsg? accept = CheckAccept();
        CheckComplete(pending, accept);
        ReplayMessages();
        CheckFinal();
    }

    private void Setup()
    {
        _suite = CipherSuite.FromPackId(_root.UInt("e2ees_pack_id"));
        Wire.InviteMsg invite = Parse(Wire.InviteMsg.Parser, "invite_msg_delivered_pb");
        JsonArray messages = _root.Array("messages");
        string plaintextVersion = messages.Count > 0
            ? Wire.Plaintext.Parser.ParseFrom(messages[0].Bytes("plaintext_pb")).Version
            : invite.Version;
        _version = invite.Version == ProtocolVersion.E2ees.Protocol && plaintextVersion == ProtocolVersion.E2ees.Plaintext
            ? ProtocolVersion.E2ees
            : invite.Version == ProtocolVersion.Skissm.Protocol && plaintextVersion == ProtocolVersion.Skissm.Plaintext
                ? ProtocolVersion.Skissm
                : new ProtocolVersion("recorded", invite.Version, plaintextVersion);
        _alice = VectorState.Account(_root.Node("alice_account"), _suite);
        _bob = VectorState.Account(_root.Node("bob_account"), _suite);
        _stream = RecordedStream.FromDescription(_root.Optional("rng")?.GetValue<string>(), _root.Optional("rng_bytes_consumed")?.GetValue<long>() ?? 65536);
    }

    private VerifiedPreKeyBundle? CheckBundle()
    {
        var rec = new CaseRecorder(_file, "bundle: Bob's pre-key bundle verifies");
        VerifiedPreKeyBundle? verified = null;
        rec.Try("bob_pre_key_bundle.pre_key_bundle_pb", () =>
        {
            Wire.PreKeyBundle bundle = Parse(Wire.PreKeyBundle.Parser, "bob_pre_key_bundle.pre_key_bundle_pb");
            verified = VerifiedPreKeyBundle.Verify(bundle, _suite);
            rec.Bytes("identity_key_public.asym_public_key", _bob.Identity.Asym.PublicKey, verified.IdentityAsymKey);
            rec.Bytes("identity_key_public.sign_public_key", _bob.Identity.Sign.PublicKey, verified.IdentitySignKey);
            rec.Bytes("signed_pre_key_public.public_key", _bob.CurrentSignedPreKey.KeyPair.PublicKey, verified.SignedPreKey);
        });
        _results.Add(rec.Result());
        if (_root.Optional("bob_pre_key_bundle.tampered_twin") is { } twin)
        {
            CheckTwin(twin, "bundle tampered twin", () => VerifiedPreKeyBundle.Verify(WireParser.Parse(Wire.PreKeyBundle.Parser, twin.Bytes("bytes")), _suite));
        }

        return verified;
    }

    private AwaitingAcceptSession? CheckInvite(VerifiedPreKeyBundle? bundle)
    {
        var rec = new CaseRecorder(_file, "invite: Alice's InviteMsg from the bundle (sender)");
        AwaitingAcceptSession? pending = null;
        if (bundle is null)
        {
            rec.Fail("bob_pre_key_bundle", "no verified bundle to invite with");
            _results.Add(rec.Result());
            return null;
        }

        rec.Try("invite", () =>
        {
            JsonNode alice = _root.Node("alice_session_established");
            byte[] expected = ExpectedSentInvite();
            Wire.InviteMsg recorded = Wire.InviteMsg.Parser.ParseFrom(expected);
            byte[] sessionId = Base64(alice.Str("session_id"), "alice_session_established.session_id");
            _stream?.TryLocateLiteral(sessionId);
            var random = new QueuedRandom(sessionId);
            if (_suite.IsEcc)
            {
                byte[] ephemeral = _root.Has("alice_ephemeral_key")
                    ? _root.Bytes("alice_ephemeral_key.private_key")
                    : LocateKeyGeneration(rec, "alice ephemeral key", recorded.PreSharedInputList[0].ToByteArray(), 32);
                random.Enqueue(ephemeral, alice.Bytes("alice_base_key.private_key"));
            }
            else
            {
                ReadOnlySpan<byte> opk = bundle.OneTimePreKey;
                byte[][] targets = [bundle.IdentityAsymKey.ToArray(), bundle.SignedPreKey.ToArray(), opk.ToArray()];
                for (int i = 0; i < recorded.PreSharedInputList.Count; i++)
                {
                    random.Enqueue(LocateEncapsulation(rec, $"pre_shared_input_list[{i}]", targets[i], recorded.PreSharedInputList[i].ToByteArray()));
                }

                random.Enqueue(LocateKeyGeneration(rec, "alice_base_key", alice.Bytes("alice_base_key.public_key"), 64));
            }

            (pending, Wire.InviteMsg ours) = SessionInitiator.Invite(_alice, VectorState.Address(_root, "alice_account.address"), bundle, random, recorded.InviteT, _version);
            string? diff = ProtoDiff.Compare(Wire.InviteMsg.Parser, expected, ours.ToByteArray());
            if (diff is not null)
            {
                rec.Fail("invite_msg_sent_pb", diff);
            }

            rec.Bytes("alice_session_established.associated_data", alice.Bytes("associated_data"), pending.Info.AssociatedData);
            rec.Bytes("alice_session_established.fingerprint", alice.Bytes("fingerprint"), pending.Info.Fingerprint);
        });
        _results.Add(rec.Result());
        return rec.Ok ? pending : null;
    }

    private Wire.AcceptMsg? CheckAccept()
    {
        var rec = new CaseRecorder(_file, "accept: Bob's inbound session and AcceptMsg from the invite (receiver)");
        Wire.AcceptMsg? recordedAccept = null;
        rec.Try("accept", () =>
        {
            recordedAccept = Parse(Wire.AcceptMsg.Parser, "accept_msg_pb");
            Wire.InviteMsg invite = Parse(Wire.InviteMsg.Parser, "invite_msg_delivered_pb");
            var random = new QueuedRandom();
            if (!_suite.IsEcc)
            {
                random.Enqueue(
                    LocateEncapsulation(rec, "accept_msg.encaps_ciphertext", invite.AliceIdentityKey.ToByteArray(), recordedAccept.EncapsCiphertext.ToByteArray()),
                    LocateEncapsulation(rec, "accept_msg.ratchet_key", invite.AliceBaseKey.ToByteArray(), recordedAccept.RatchetKey.ToByteArray()));
            }

            (Account bob, EstablishedSession session, Wire.AcceptMsg ours) =
                SessionResponder.Accept(_bob, VectorState.Address(_root, "bob_account.address"), invite, random, _version);
            string? diff = ProtoDiff.Compare(Wire.AcceptMsg.Parser, _root.Bytes("accept_msg_pb"), ours.ToByteArray());
            if (diff is not null)
            {
                rec.Fail("accept_msg_pb", diff);
            }

            JsonNode expected = _root.Node("bob_session_established");
            rec.Value("bob_session_established.session_id", expected.Str("session_id"), session.Info.SessionId);
            rec.Bytes("bob_session_established.associated_data", expected.Bytes("associated_data"), session.Info.AssociatedData);
            rec.Bytes("bob_session_established.fingerprint", expected.Bytes("fingerprint"), session.Info.Fingerprint);
            VectorState.Compare(rec, "bob_session_established.ratchet", expected.Node("ratchet"), session.Ratchet);
            if (invite.BobOneTimePreKeyId != 0 && bob.UnusedOneTimePreKeyCount != _bob.UnusedOneTimePreKeyCount - 1)
            {
                rec.Fail("bob_account.used_one_time_pre_key", "the one-time pre-key was not marked used");
            }

            _bob = bob;
            _sessions["bob"] = session;
        });
        if (!_sessions.ContainsKey("bob"))
        {
            rec.Try("resync", () => _sessions["bob"] = VectorState.Session(_root.Node("bob_session_established"), _suite, _version, 0));
        }

        _results.Add(rec.Result());
        return recordedAccept;
    }

    private void CheckComplete(AwaitingAcceptSession? pending, Wire.AcceptMsg? accept)
    {
        var rec = new CaseRecorder(_file, "complete: Alice's session from the AcceptMsg (receiver)");
        if (pending is null || accept is null)
        {
            rec.Fail("alice_session_established", "no pending session or accept to complete (see the invite/accept cases)");
        }
        else
        {
            rec.Try("complete", () =>
            {
                JsonNode expected = _root.Node("alice_session_established");
                var random = new QueuedRandom();
                if (!_suite.IsEcc)
                {
                    random.Enqueue(LocateEncapsulation(rec, "alice first KEM step", _bob.CurrentSignedPreKey.KeyPair.PublicKey, expected.Bytes("ratchet.sender_chain.our_ratchet_public_key")));
                }

                EstablishedSession session = pending.Complete(_alice, accept, random);
                VectorState.Compare(rec, "alice_session_established.ratchet", expected.Node("ratchet"), session.Ratchet);
                _sessions["alice"] = session;
            });
        }

        if (!_sessions.ContainsKey("alice"))
        {
            rec.Try("resync", () => _sessions["alice"] = VectorState.Session(_root.Node("alice_session_established"), _suite, _version, 0));
        }

        _results.Add(rec.Result());
    }

    private void ReplayMessages()
    {
        var rec = new CaseRecorder(_file, "messages: send order and delivery order");
        One2OneTranscript? transcript = null;
        if (!rec.Try("messages", () => transcript = One2OneTranscript.Read(_root)) || transcript is null)
        {
            _results.Add(rec.Result());
            return;
        }

        new One2OneMessageReplay(_file, _suite, _version, _stream, transcript, _sessions, _results).Run();
    }

    private void CheckFinal()
    {
        var rec = new CaseRecorder(_file, "final: both ratchets equal the recorded final sessions");
        foreach (string party in (string[])["alice", "bob"])
        {
            rec.Try(party, () => VectorState.Compare(rec, $"{party}_session_final.ratchet", _root.Node($"{party}_session_final.ratchet"), SessionOf(party).Ratchet));
        }

        _results.Add(rec.Result());
    }

    private void CheckTwin(JsonNode twin, string name, Action attempt) => _results.Add(TamperedTwin.Check(_file, twin, name, attempt));

    private EstablishedSession SessionOf(string party) =>
        _sessions.TryGetValue(party, out EstablishedSession? s) ? s : throw new VectorFormatException($"no session for {party}");

    private byte[] ExpectedSentInvite()
    {
        if (_root.Has("invite_msg_sent_pb"))
        {
            return _root.Bytes("invite_msg_sent_pb");
        }

        // Files without the sent form: the delivered invite minus the server-filled alice_identity_key (REFERENCE-BEHAVIOUR §20).
        Wire.InviteMsg delivered = Parse(Wire.InviteMsg.Parser, "invite_msg_delivered_pb");
        delivered.AliceIdentityKey = ByteString.Empty;
        return delivered.ToByteArray();
    }

    private byte[] LocateEncapsulation(CaseRecorder rec, string what, byte[] publicKey, byte[] ciphertext) =>
        StreamDraws.Encapsulation(_stream, _suite, rec, what, publicKey, ciphertext);

    private byte[] LocateKeyGeneration(CaseRecorder rec, string what, byte[] publicKey, int seedLength) =>
        StreamDraws.KeyGeneration(_stream, _suite, rec, what, publicKey, seedLength);

    private T Parse<T>(MessageParser<T> parser, string path)
        where T : IMessage<T> =>
        WireParser.TryParse(parser, _root.Bytes(path), out T? message, out string? error)
            ? message
            : throw new ProtocolException(ProtocolErrorCode.MalformedMessage, $"{path}: {error}");

    private static byte[] Base64(string text, string field)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new VectorFormatException($"{field} is not base64");
        }
    }
}

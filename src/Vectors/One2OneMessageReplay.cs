using System.Text.Json.Nodes;
using Google.Protobuf;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Sessions;

using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Vectors;

/// <summary>
/// The message part of a one-to-one replay (<see cref="ReferenceOne2OneReplay"/>), on both sides:
/// <list type="bullet">
/// <item>as the sender, every sent message (<see cref="One2OneTranscript.Sent"/>, undelivered ones included) is
/// encrypted by its sender in send order and compared byte for byte with the fields the file gives;</item>
/// <item>as the receiver, the delivered messages are decrypted in delivery order and must give the recorded text and
/// leave the recorded ratchet (skipped keys of never-delivered messages stay stored).</item>
/// </list>
/// A message is encrypted before the first delivery of any message sent at or after it, and before its sender's
/// own receives that the sender's recorded <c>sending_message_sequence</c> says came later. Send positions the file
/// lacks are handled by <see cref="SendGaps"/>: the later messages of that sender chain are not checkable on the
/// sender side, the receiver side still runs.
/// </summary>
internal sealed class One2OneMessageReplay
{
    private const int MsgIdLength = 16;

    private readonly string _file;
    private readonly CipherSuite _suite;
    private readonly ProtocolVersion _version;
    private readonly RecordedStream? _stream;
    private readonly Dictionary<string, EstablishedSession> _sessions;
    private readonly List<VectorCaseResult> _results;
    private readonly One2OneTranscript _transcript;
    private readonly SendGaps _gaps;
    private readonly HashSet<long> _sent = [];
    private readonly Dictionary<long, CaseRecorder> _messageCases = [];

    /// <summary>Replays onto the given sessions (by party name) and appends one result per case to <paramref name="results"/>.</summary>
    public One2OneMessageReplay(
        string file, CipherSuite suite, ProtocolVersion version, RecordedStream? stream, One2OneTranscript transcript,
        Dictionary<string, EstablishedSession> sessions, List<VectorCaseResult> results)
    {
        (_file, _suite, _version, _stream, _transcript, _sessions, _results) = (file, suite, version, stream, transcript, sessions, results);
        _gaps = new SendGaps(transcript);
    }

    /// <summary>Every delivery in order, each preceded by the sends it depends on; then the sends no delivery needed.</summary>
    public void Run()
    {
        foreach (JsonNode delivered in _transcript.Delivered)
        {
            SendThrough(delivered.Long("n"));
            SendAheadOf(delivered);
            Receive(delivered);
        }

        SendThrough(long.MaxValue);
    }

    private void SendThrough(long n)
    {
        foreach (One2OneTranscript.Entry entry in _transcript.Sent.TakeWhile(e => e.N <= n).Where(e => !_sent.Contains(e.N)))
        {
            Send(entry);
        }
    }

    /// <summary>
    /// Before a receive: the receiver's recorded ratchet after it counts every message the receiver had sent by then.
    /// Its own later-numbered messages that fit that count are encrypted first; a count no message of the file
    /// accounts for is a gap at the end of its sender chain (<see cref="SendGaps"/>).
    /// </summary>
    private void SendAheadOf(JsonNode delivered)
    {
        string? to = Text(delivered, "to");
        if (to is null || !_sessions.ContainsKey(to) || RecordedCount(delivered.Optional("receiver_ratchet_after")) is not uint expected)
        {
            return;
        }

        foreach (One2OneTranscript.Entry own in _transcript.Sent.Where(e => e.From == to && !_sent.Contains(e.N)))
        {
            if (_sessions[to].Ratchet.SendingMessageSequence >= expected || RecordedCount(own.Node) is not uint count || count > expected)
            {
                break;
            }

            Send(own);
        }

        long nextOwn = _transcript.Sent.FirstOrDefault(e => e.From == to && !_sent.Contains(e.N))?.N ?? long.MaxValue;
        (int unrecorded, IReadOnlyList<long> positions) = _gaps.Unrecorded(to, nextOwn, _sessions[to].Ratchet.SendingMessageSequence, expected);
        StepOver(to, unrecorded, positions);
    }

    private void Send(One2OneTranscript.Entry entry)
    {
        _sent.Add(entry.N);
        string from = entry.From;
        if (_sessions.TryGetValue(from, out EstablishedSession? session) && RecordedCount(entry.Node) is uint count && count > 0)
        {
            (int unrecorded, IReadOnlyList<long> positions) = _gaps.Unrecorded(from, entry.N, session.Ratchet.SendingMessageSequence, count - 1);
            StepOver(from, unrecorded, positions);
        }

        _gaps.Sent(from, entry.N);
        string? notCheckable = _sessions.TryGetValue(from, out session) ? _gaps.NotCheckable(from, session.Ratchet.RootSequence) : null;
        if (notCheckable is null)
        {
            SendChecked(entry);
        }
        else
        {
            SendUnchecked(entry, notCheckable);
        }
    }

    /// <summary>Steps the party's sender chain over <paramref name="count"/> messages the file does not hold.</summary>
    private void StepOver(string party, int count, IReadOnlyList<long> positions)
    {
        if (count == 0)
        {
            return;
        }

        EstablishedSession session = _sessions[party];
        var filler = new Wire.Plaintext { Version = _version.Plaintext };
        try
        {
            for (int i = 0; i < count; i++)
            {
                (session, _) = session.Encrypt(filler, new QueuedRandom(new byte[MsgIdLength]));
            }
        }
        catch (ProtocolException)
        {
            return; // the chain cannot carry them: not a gap this replay can bridge, the ordinary checks report it
        }

        _sessions[party] = session;
        _gaps.Open(party, session.Ratchet.RootSequence, positions);
    }

    private void SendChecked(One2OneTranscript.Entry entry)
    {
        JsonNode m = entry.Node;
        string name = $"m{entry.N}";
        string from = entry.From;
        CaseRecorder rec = NewCase(entry, entry.Delivered ? "(sender and receiver)" : "(sender; never delivered)");
        bool Given(string field) => entry.Delivered || m.Has(field);
        rec.Try($"{name} send", () =>
        {
            EstablishedSession session = SessionOf(from);
            RatchetState before = session.Ratchet;
            if (Given("sender_state_before"))
            {
                rec.Value($"{name}.sender_state_before.root_sequence", m.UInt("sender_state_before.root_sequence"), before.RootSequence);
                rec.Value($"{name}.sender_state_before.chain_key_index", m.UInt("sender_state_before.chain_key_index"), before.Sender.ChainKey.Index);
                rec.Bytes($"{name}.sender_state_before.chain_key", m.Bytes("sender_state_before.chain_key"), before.Sender.ChainKey.Key);
            }

            using (MessageKey mk = before.Sender.ChainKey.MessageKey())
            {
                CheckBytes(rec, m, Given, name, "message_key", mk.Bytes);
                CheckBytes(rec, m, Given, name, "aes_key", mk.AesKey);
                CheckBytes(rec, m, Given, name, "aes_iv", mk.Iv);
            }

            byte[] msgId = MsgId(m, Given("e2ee_msg_pb"), name);
            _stream?.TryLocateLiteral(msgId);
            var plaintext = new Wire.Plaintext { Version = _version.Plaintext, CommonMsg = ByteString.CopyFromUtf8(m.Str("plaintext")) };
            CheckBytes(rec, m, Given, name, "plaintext_pb", plaintext.ToByteArray());
            (EstablishedSession next, Wire.E2eeMsg ours) = session.Encrypt(plaintext, new QueuedRandom(msgId));
            string? diff = (Given("one2one_msg_payload_pb") ? ProtoDiff.Compare(Wire.One2oneMsgPayload.Parser, m.Bytes("one2one_msg_payload_pb"), ours.One2OneMsg.ToByteArray()) : null)
                ?? (Given("e2ee_msg_pb") ? ProtoDiff.Compare(Wire.E2eeMsg.Parser, m.Bytes("e2ee_msg_pb"), ours.ToByteArray()) : null);
            if (diff is not null)
            {
                rec.Fail($"{name}.e2ee_msg_pb", diff);
            }

            Wire.One2oneMsgPayload payload = ours.One2OneMsg;
            CheckValue(rec, m, Given, name, "sequence", payload.Sequence);
            CheckValue(rec, m, Given, name, "root_sequence", payload.RootSequence);
            CheckValue(rec, m, Given, name, "sending_message_sequence", payload.SendingMessageSequence);
            CheckBytes(rec, m, Given, name, "ratchet_key", payload.RatchetKey.Span);
            CheckBytes(rec, m, Given, name, "ciphertext", payload.Ciphertext.Span);
            _sessions[from] = next;
        });
        if (!entry.Delivered)
        {
            _results.Add(rec.Result());
        }
    }

    /// <summary>
    /// A message after a gap in its sender chain: reported as not checkable on the sender side, but still encrypted
    /// (with its recorded text and message id) so the sender's state moves on exactly as the sender's did.
    /// </summary>
    private void SendUnchecked(One2OneTranscript.Entry entry, string reason)
    {
        JsonNode m = entry.Node;
        string name = $"m{entry.N}";
        _results.Add(new VectorCaseResult(_file, $"{Title(entry)} {(entry.Delivered ? "(sender)" : "(sender; never delivered)")}", VectorOutcome.NotCheckable, [reason]));
        CaseRecorder rec = entry.Delivered ? NewCase(entry, "(receiver)") : new CaseRecorder(_file, $"{Title(entry)} (sender state after a gap)");
        rec.Try($"{name} send", () =>
        {
            var plaintext = new Wire.Plaintext { Version = _version.Plaintext, CommonMsg = ByteString.CopyFromUtf8(m.Str("plaintext")) };
            (EstablishedSession next, _) = SessionOf(entry.From).Encrypt(plaintext, new QueuedRandom(MsgId(m, m.Has("e2ee_msg_pb"), name)));
            _sessions[entry.From] = next;
        });
        if (!entry.Delivered && !rec.Ok)
        {
            _results.Add(rec.Result());
        }
    }

    private void Receive(JsonNode m)
    {
        long n = m.Long("n");
        string name = $"m{n}";
        // Run sends every message at or before n first, so its case exists.
        CaseRecorder rec = _messageCases.TryGetValue(n, out CaseRecorder? sent) ? sent : new CaseRecorder(_file, $"{name} (receiver)");
        string? to = Text(m, "to");
        if (to is not null && m.Optional("tampered_twin") is { } twin && _sessions.TryGetValue(to, out EstablishedSession? current))
        {
            _results.Add(TamperedTwin.Check(_file, twin, $"{name} tampered twin", () => current.Decrypt(WireParser.Parse(Wire.E2eeMsg.Parser, twin.Bytes("bytes")), new QueuedRandom())));
        }

        bool threw = !rec.Try($"{name} receive", () =>
        {
            EstablishedSession session = SessionOf(m.Str("to"));
            JsonNode after = m.Node("receiver_ratchet_after");
            Wire.E2eeMsg message = WireParser.Parse(Wire.E2eeMsg.Parser, m.Bytes("e2ee_msg_pb"));
            var random = new QueuedRandom();
            if (after.UInt("root_sequence") != session.Ratchet.RootSequence)
            {
                // A new receiving chain: the receiver also starts a new sending chain, with recorded randomness.
                random.Enqueue(_suite.IsEcc
                    ? after.Bytes("receiver_chain.our_ratchet_private_key")
                    : StreamDraws.Encapsulation(_stream, _suite, rec, $"{name} new sender chain", session.Ratchet.Sender.TheirRatchetKey, after.Bytes("sender_chain.our_ratchet_public_key")));
            }

            (EstablishedSession next, Wire.Plaintext plaintext) = session.Decrypt(message, random);
            rec.Value($"{name}.plaintext", m.Str("plaintext"), plaintext.CommonMsg.ToStringUtf8());
            VectorState.Compare(rec, $"{name}.receiver_ratchet_after", after, next.Ratchet);
            _sessions[m.Str("to")] = next;
        });

        // Only a receive that threw is resynchronised from the recorded state; when it decrypted but a recorded field
        // disagrees, our computed state goes on (the record may be the wrong one), so one bad field fails one case.
        if (threw && to is not null)
        {
            rec.Try("resync", () => Resync(to, m));
        }

        _results.Add(rec.Result());
    }

    /// <summary>After a failed receive, continue from the recorded state so later cases are judged on their own.</summary>
    private void Resync(string party, JsonNode m)
    {
        EstablishedSession current = SessionOf(party);
        Wire.One2oneMsgPayload payload = WireParser.Parse(Wire.E2eeMsg.Parser, m.Bytes("e2ee_msg_pb")).One2OneMsg;
        JsonNode after = m.Node("receiver_ratchet_after");
        uint chainStart = after.UInt("root_sequence") != current.Ratchet.RootSequence && payload.SendingMessageSequence > payload.Sequence
            ? payload.SendingMessageSequence - payload.Sequence - 1
            : current.Ratchet.Receiver.ChainStart;
        _sessions[party] = current with { Ratchet = VectorState.Ratchet(after, chainStart) };
    }

    private CaseRecorder NewCase(One2OneTranscript.Entry entry, string sides)
    {
        var rec = new CaseRecorder(_file, $"{Title(entry)} {sides}");
        if (entry.Delivered)
        {
            _messageCases[entry.N] = rec;
        }

        return rec;
    }

    private static void CheckBytes(CaseRecorder rec, JsonNode m, Func<string, bool> given, string name, string field, ReadOnlySpan<byte> actual)
    {
        if (given(field))
        {
            rec.Bytes($"{name}.{field}", m.Bytes(field), actual);
        }
    }

    private static void CheckValue(CaseRecorder rec, JsonNode m, Func<string, bool> given, string name, string field, uint actual)
    {
        if (given(field))
        {
            rec.Value($"{name}.{field}", m.UInt(field), actual);
        }
    }

    /// <summary>The recorded message id (16 random bytes, base64 in the E2eeMsg), or zeros when the file gives no E2eeMsg.</summary>
    private static byte[] MsgId(JsonNode m, bool given, string name)
    {
        if (!given)
        {
            return new byte[MsgIdLength];
        }

        string text = WireParser.Parse(Wire.E2eeMsg.Parser, m.Bytes("e2ee_msg_pb")).MsgId;
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new VectorFormatException($"{name}.e2ee_msg.msg_id is not base64");
        }
    }

    /// <summary>A party's recorded count of sent messages (a payload's or a ratchet's <c>sending_message_sequence</c>).</summary>
    private static uint? RecordedCount(JsonNode? node) =>
        node.OptionalLong("sending_message_sequence") is long count && count is >= 0 and <= uint.MaxValue ? (uint)count : null;

    private EstablishedSession SessionOf(string party) =>
        _sessions.TryGetValue(party, out EstablishedSession? s) ? s : throw new VectorFormatException($"no session for {party}");

    private static string? Text(JsonNode node, string field) => node.Optional(field) is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static string Title(One2OneTranscript.Entry entry)
    {
        string text = Text(entry.Node, "plaintext") ?? "";
        return $"m{entry.N}: {entry.From} → {Text(entry.Node, "to") ?? "?"} \"{(text.Length <= 24 ? text : text[..24] + "…")}\"";
    }
}

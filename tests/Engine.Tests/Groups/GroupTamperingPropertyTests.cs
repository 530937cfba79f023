using System.Collections.Concurrent;
using System.Text;
using CsCheck;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Random tampering with group messages (STYLE #2, #10; REFERENCE-BEHAVIOUR §38, 39): whatever field of the E2eeMsg or its
/// group payload is changed, <see cref="GroupState.Decrypt"/> either fails with a <see cref="ProtocolException"/> and
/// leaves the receiver's state byte-for-byte as it was, or (the field is not authenticated, e.g. <c>msg_id</c>) gives
/// the original text from the original sender. No other exception type may escape. Targets cover a fresh receiver,
/// skipped keys, an in-chain message, a retired session (after a removal) and a retired chain position (after an add).
/// </summary>
[TestFixtureSource(nameof(Runs))]
public sealed class GroupTamperingPropertyTests(string suiteName, int iterations) : CipherSuiteFixture(suiteName)
{
    public static readonly object[] Runs = [new object[] { "ecc", 2000 }, new object[] { "pqc", 100 }];

    private readonly int _iterations = iterations;
    private List<Target> _targets = [];

    public enum Field
    {
        CiphertextBit,
        CiphertextLength,
        SignatureBit,
        SignatureLength,
        ReSignedCiphertextBit,
        Sequence,
        SessionId,
        From,
        To,
        MsgId,
        Version,
        Payload,
    }

    /// <summary>A message, the receiver state it is meant for (and when it arrives), its sender and its text.</summary>
    private sealed record Target(string Name, GroupState Receiver, string ReceiverDump, Wire.E2eeMsg Message, long NowMs, Account Sender, string SenderKey, string Text);

    /// <summary>One tampering: which target, which field, where (byte index, bit) and what value (by mode).</summary>
    public sealed record Tampering(int Target, Field Field, int Position, int Bit, int Mode, uint Value, int Delta)
    {
        public override string ToString() => $"target {Target}, {Field}, position {Position}, bit {Bit}, mode {Mode}, value {Value}, delta {Delta}";
    }

    [OneTimeSetUp]
    public void BuildTargets()
    {
        var targets = new List<Target>();
        void Add(string name, GroupParty p, string receiver, Wire.E2eeMsg message, string text, long nowMs = GroupParty.NowMs)
        {
            GroupState state = p[receiver].State;
            GroupParty.MemberDevice sender = p.AllDevices.Single(d => Addresses.SameDevice(d.Address, message.From));
            targets.Add(new Target(name, state, GroupStateDump.Of(state), message, nowMs, sender.Account, sender.Key, text));
        }

        // Creation, out of order.
        GroupParty p = GroupParty.Create(Suite, "group tampering property", "alice", "bob", "carol");
        List<Wire.E2eeMsg> m = p.SendMany("alice", "m", 4);
        Add("first message to a fresh receiver", p, "bob", m[0], "m0");
        Add("third message to a fresh receiver (skips two)", p, "bob", m[2], "m2");
        p.Receive("bob", m[2]);
        Add("message with a stored skipped key", p, "bob", m[0], "m0");
        Add("in-chain message", p, "bob", m[3], "m3");

        // A removal: a remaining member's in-flight message decrypts through alice's retired session, and so does the
        // removed member's (the retired session keeps its chain for the grace).
        Wire.E2eeMsg fromBob = p.Send("bob", "bob before the removal");
        Wire.E2eeMsg fromCarol = p.Send("carol", "carol before the removal");
        p.Remove("bob", GroupParty.NowMs, "carol");
        Add("a remaining member's pre-removal message for a retired session", p, "alice", fromBob, "bob before the removal", GroupParty.NowMs + 2000);
        Add("a removed member's pre-removal message for a retired session", p, "alice", fromCarol, "carol before the removal", GroupParty.NowMs + 2000);
        Wire.E2eeMsg afterRemoval = p.Send("bob", "after the removal");
        Add("message of the new session", p, "alice", afterRemoval, "after the removal", GroupParty.NowMs + 3000);

        // An add: the inviter's in-flight message decrypts through a retired chain position.
        GroupParty q = GroupParty.Create(Suite, "group tampering property, add", "alice", "bob", "carol");
        List<Wire.E2eeMsg> before = q.SendMany("alice", "before ", 2);
        q.Receive("bob", before[0]);
        q.Add("alice", GroupParty.NowMs, "dave");
        Wire.E2eeMsg afterAdd = q.Send("alice", "after the add");
        Add("pre-add message for a retired chain position", q, "bob", before[1], "before 1", GroupParty.NowMs + 1);
        Add("post-add message to an existing member", q, "carol", afterAdd, "after the add", GroupParty.NowMs + 1);
        Add("post-add message to the newcomer", q, "dave", afterAdd, "after the add", GroupParty.NowMs + 1);
        _targets = targets;
    }

    private Gen<Tampering> Tamperings =>
        Gen.Select(
            Gen.Int[0, _targets.Count - 1],
            Gen.Enum<Field>(),
            Gen.Int[0, int.MaxValue],
            Gen.Int[0, 7],
            Gen.Int[0, 2],
            Gen.UInt,
            Gen.Int[-3, 3],
            (t, f, pos, bit, mode, value, delta) => new Tampering(t, f, pos, bit, mode, value, delta));

    [Test]
    public void Every_tampered_group_message_either_fails_with_a_ProtocolException_and_leaves_the_state_unchanged_or_gives_the_original_text()
    {
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Tamperings.Sample(
            t =>
            {
                Target target = _targets[t.Target];
                Wire.E2eeMsg tampered = Apply(target, t);
                try
                {
                    (_, GroupMember sender, byte[] text) = target.Receiver.Decrypt(tampered, target.NowMs);
                    Encoding.UTF8.GetString(text).Should().Be(target.Text, "a tampered message that decrypts must give the original text ({0}: {1})", target.Name, t);
                    sender.Key.Should().Be(target.SenderKey, "a tampered message that decrypts must come from the original sender ({0}: {1})", target.Name, t);
                    (t.Field is Field.CiphertextBit or Field.SignatureBit or Field.ReSignedCiphertextBit).Should().BeFalse("{0} bytes are authenticated ({1}: {2})", t.Field, target.Name, t);
                    outcomes.AddOrUpdate($"{t.Field}: decrypted", 1, (_, n) => n + 1);
                }
                catch (ProtocolException e)
                {
                    GroupStateDump.Of(target.Receiver).Should().Be(target.ReceiverDump, "a failed decrypt must leave the state unchanged ({0}: {1}; {2})", target.Name, t, e.Message);
                    switch (t.Field)
                    {
                        case Field.CiphertextBit or Field.CiphertextLength or Field.SignatureBit or Field.SignatureLength:
                            e.Code.Should().Be(ProtocolErrorCode.BadSignature, "the signature covers ciphertext ‖ tag ({0}: {1})", target.Name, t);
                            break;
                        case Field.ReSignedCiphertextBit:
                            e.Code.Should().Be(ProtocolErrorCode.BadTag, "the sender's own signature over a changed ciphertext still fails the AEAD tag ({0}: {1})", target.Name, t);
                            break;
                    }

                    outcomes.AddOrUpdate($"{t.Field}: {e.Code.Name()}", 1, (_, n) => n + 1);
                }
            },
            iter: _iterations,
            print: t => t.ToString());

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}")));
        outcomes.Keys.Should().Contain(k => k.EndsWith("bad_tag", StringComparison.Ordinal), "the generator reaches the AEAD check");
        outcomes.Keys.Should().Contain(k => k.EndsWith("bad_signature", StringComparison.Ordinal), "the generator reaches the signature check");
        foreach (Target target in _targets)
        {
            GroupStateDump.Of(target.Receiver).Should().Be(target.ReceiverDump);
        }
    }

    [Test]
    public void Every_target_message_decrypts_untampered()
    {
        foreach (Target target in _targets)
        {
            (_, GroupMember sender, byte[] text) = target.Receiver.Decrypt(target.Message, target.NowMs);
            Encoding.UTF8.GetString(text).Should().Be(target.Text, target.Name);
            sender.Key.Should().Be(target.SenderKey, target.Name);
        }
    }

    private static uint NewValue(uint original, Tampering t) => t.Mode switch
    {
        0 => t.Value,
        1 => t.Value % 600,
        _ => unchecked((uint)(original + t.Delta)),
    };

    private Wire.E2eeMsg Apply(Target target, Tampering t)
    {
        Wire.E2eeMsg m = target.Message.Clone();
        Wire.GroupMsgPayload payload = m.GroupMsg;
        switch (t.Field)
        {
            case Field.CiphertextBit:
                payload.Ciphertext = Tamper.FlipBit(payload.Ciphertext, t.Position % payload.Ciphertext.Length, t.Bit);
                break;
            case Field.CiphertextLength:
                payload.Ciphertext = Tamper.Resize(payload.Ciphertext, t.Delta == 0 ? 1 : t.Delta);
                break;
            case Field.SignatureBit:
                payload.Signature = Tamper.FlipBit(payload.Signature, t.Position % payload.Signature.Length, t.Bit);
                break;
            case Field.SignatureLength:
                payload.Signature = Tamper.Resize(payload.Signature, t.Delta == 0 ? -1 : t.Delta);
                break;
            case Field.ReSignedCiphertextBit:
                payload.Ciphertext = Tamper.FlipBit(payload.Ciphertext, t.Position % payload.Ciphertext.Length, t.Bit);
                IRandomSource random = new ReferenceStreamRandom($"re-sign {t}");
                payload.Signature = ByteString.CopyFrom(Suite.Signature.Sign(target.Sender.Identity.Sign.PrivateKey.Span, payload.Ciphertext.Span, random));
                break;
            case Field.Sequence:
                payload.Sequence = NewValue(payload.Sequence, t);
                break;
            case Field.SessionId:
                char[] id = m.SessionId.ToCharArray();
                int i = t.Position % id.Length;
                id[i] = (char)(id[i] ^ (1 << (t.Bit % 5)));
                m.SessionId = new string(id);
                break;
            case Field.From:
                switch (t.Mode)
                {
                    case 0:
                        m.From.Domain = $"{m.From.Domain}{t.Value % 10}";
                        break;
                    case 1:
                        m.From.User.DeviceId = $"dev{t.Value % 4}";
                        break;
                    default:
                        // The user name is a display attribute: not part of the device identity.
                        m.From.User.UserName = $"someone {t.Value}";
                        break;
                }

                break;
            case Field.To:
                switch (t.Mode)
                {
                    case 0:
                        m.To.Group.GroupId = $"g{t.Value % 4}";
                        break;
                    case 1:
                        m.To = t.Value % 2 == 0 ? null : m.From.Clone();
                        break;
                    default:
                        // The group name is a display attribute: not part of the group identity.
                        m.To.Group.GroupName = $"renamed {t.Value}";
                        break;
                }

                break;
            case Field.MsgId:
                m.MsgId = t.Mode == 0 ? string.Empty : $"msg {t.Value}";
                break;
            case Field.Version:
                m.Version = t.Mode == 0 ? string.Empty : $"v{t.Value}";
                break;
            case Field.Payload:
                if (t.Mode == 0)
                {
                    m.ClearPayload();
                }
                else
                {
                    m.One2OneMsg = new Wire.One2oneMsgPayload { Sequence = payload.Sequence, Ciphertext = payload.Ciphertext };
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(t), t.Field, null);
        }

        return m;
    }
}

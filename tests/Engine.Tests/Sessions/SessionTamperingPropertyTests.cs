using CsCheck;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Random tampering with one-to-one messages (STYLE #2, #10): whatever field of the E2eeMsg or its payload is changed,
/// decrypting either fails with a <see cref="ProtocolException"/> and leaves the receiver's state byte-for-byte as it
/// was, or (the field was not authenticated, e.g. <c>sending_message_sequence</c> of an in-chain message) gives the
/// original plaintext. No other exception type may escape.
/// </summary>
[TestFixtureSource(nameof(Runs))]
public sealed class SessionTamperingPropertyTests(string suiteName, int iterations) : CipherSuiteFixture(suiteName)
{
    public static readonly object[] Runs = [new object[] { "ecc", 5000 }, new object[] { "pqc", 200 }];

    private readonly int _iterations = iterations;
    private List<Target> _targets = [];

    public enum Field
    {
        CiphertextBit,
        RatchetKeyBit,
        Sequence,
        RootSequence,
        SendingMessageSequence,
        SessionId,
        From,
    }

    /// <summary>A message, the receiver state it is meant for, and its plaintext.</summary>
    private sealed record Target(string Name, EstablishedSession Receiver, string ReceiverDump, Wire.E2eeMsg Message, string Plaintext);

    /// <summary>One tampering: which target, which field, where (byte index, bit) and what value (by mode).</summary>
    public sealed record Tampering(int Target, Field Field, int Position, int Bit, int Mode, uint Value, int Delta)
    {
        public override string ToString() => $"target {Target}, {Field}, position {Position}, bit {Bit}, mode {Mode}, value {Value}, delta {Delta}";
    }

    [OneTimeSetUp]
    public void BuildTargets()
    {
        TwoParties p = TwoParties.Establish(Suite, "tampering property");
        var targets = new List<Target>();
        void Add(string name, EstablishedSession receiver, Wire.E2eeMsg message, string text) =>
            targets.Add(new Target(name, receiver, StateDump.Of(receiver), message, text));

        // Bob before anything arrived: the first message opens his first receiving chain.
        EstablishedSession fresh = p.BobSession;
        List<Wire.E2eeMsg> first = p.AliceSendsMany("first chain ", 4);
        Add("first message to a fresh Bob", fresh, first[0], "first chain 0");
        Add("third message to a fresh Bob (skips two)", fresh, first[2], "first chain 2");

        // Bob got 0 and 2: 1 is a skipped key, 3 is in-chain ahead.
        p.BobReceives(first[0]);
        p.BobReceives(first[2]);
        p.AliceReceives(p.BobSends("reply"));
        Wire.E2eeMsg next0 = p.AliceSends("second chain 0");
        Wire.E2eeMsg next1 = p.AliceSends("second chain 1");
        EstablishedSession bob = p.BobSession;
        Add("in-chain message", bob, first[3], "first chain 3");
        Add("message with a stored skipped key", bob, first[1], "first chain 1");
        Add("new-chain message", bob, next0, "second chain 0");
        Add("new-chain message that skips keys", bob, next1, "second chain 1");

        // And Alice, receiving Bob's next chain after Bob heard her second chain.
        p.BobReceives(next0);
        Wire.E2eeMsg toAlice = p.BobSends("bob's second chain");
        Add("new-chain message to Alice", p.AliceSession, toAlice, "bob's second chain");
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
    public void Every_tampered_message_either_fails_with_a_ProtocolException_and_leaves_the_state_unchanged_or_gives_the_original_plaintext()
    {
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        Tamperings.Sample(
            t =>
            {
                Target target = _targets[t.Target];
                Wire.E2eeMsg tampered = Apply(target.Message, t);
                IRandomSource random = new ReferenceStreamRandom($"tampering {t}");
                try
                {
                    (_, Wire.Plaintext plaintext) = target.Receiver.Decrypt(tampered, random);
                    TwoParties.Text(plaintext).Should().Be(target.Plaintext, "a tampered message that decrypts must give the original plaintext ({0}: {1})", target.Name, t);
                    outcomes.AddOrUpdate($"{t.Field}: decrypted", 1, (_, n) => n + 1);
                }
                catch (ProtocolException e)
                {
                    StateDump.Of(target.Receiver).Should().Be(target.ReceiverDump, "a failed decrypt must leave the state unchanged ({0}: {1}; {2})", target.Name, t, e.Message);
                    if (t.Field == Field.CiphertextBit)
                    {
                        e.Code.Should().Be(ProtocolErrorCode.BadTag, "the ciphertext and tag are authenticated ({0}: {1})", target.Name, t);
                    }

                    outcomes.AddOrUpdate($"{t.Field}: {e.Code.Name()}", 1, (_, n) => n + 1);
                }
            },
            iter: _iterations,
            print: t => t.ToString());

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}")));
        outcomes.Keys.Should().Contain(k => k.EndsWith("bad_tag", StringComparison.Ordinal), "the generator reaches the AEAD check");
        foreach (Target target in _targets)
        {
            StateDump.Of(target.Receiver).Should().Be(target.ReceiverDump);
        }
    }

    [Test]
    public void Every_target_message_decrypts_untampered()
    {
        foreach (Target target in _targets)
        {
            (_, Wire.Plaintext plaintext) = target.Receiver.Decrypt(target.Message, new ReferenceStreamRandom(target.Name));
            TwoParties.Text(plaintext).Should().Be(target.Plaintext, target.Name);
        }
    }

    private static uint NewValue(uint original, Tampering t) => t.Mode switch
    {
        0 => t.Value,
        1 => t.Value % 1100,
        _ => unchecked((uint)(original + t.Delta)),
    };

    private static Wire.E2eeMsg Apply(Wire.E2eeMsg original, Tampering t)
    {
        Wire.E2eeMsg m = original.Clone();
        Wire.One2oneMsgPayload payload = m.One2OneMsg;
        switch (t.Field)
        {
            case Field.CiphertextBit:
                payload.Ciphertext = Tamper.FlipBit(payload.Ciphertext, t.Position % payload.Ciphertext.Length, t.Bit);
                break;
            case Field.RatchetKeyBit:
                payload.RatchetKey = Tamper.FlipBit(payload.RatchetKey, t.Position % payload.RatchetKey.Length, t.Bit);
                break;
            case Field.Sequence:
                payload.Sequence = NewValue(payload.Sequence, t);
                break;
            case Field.RootSequence:
                payload.RootSequence = NewValue(payload.RootSequence, t);
                break;
            case Field.SendingMessageSequence:
                payload.SendingMessageSequence = NewValue(payload.SendingMessageSequence, t);
                break;
            case Field.SessionId:
                char[] id = m.SessionId.ToCharArray();
                int i = t.Position % id.Length;
                id[i] = (char)(id[i] ^ (1 << (t.Bit % 5)));
                m.SessionId = new string(id);
                break;
            case Field.From:
                Wire.PeerUser user = m.From.User;
                switch (t.Mode)
                {
                    case 0:
                        m.From.Domain = $"{m.From.Domain}{t.Value % 10}";
                        break;
                    case 1:
                        user.DeviceId = $"dev{t.Value % 4}";
                        break;
                    default:
                        // The user name is a display attribute: not part of the device identity.
                        user.UserName = $"someone {t.Value}";
                        break;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(t), t.Field, null);
        }

        return m;
    }
}

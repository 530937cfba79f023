using Google.Protobuf;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Sessions;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Compute, then commit: every kind of failed decrypt leaves the session state byte-for-byte unchanged and the genuine
/// messages still decrypt; the state dump the check relies on covers every field of the ratchet state.
/// </summary>
[TestFixtureSource(typeof(SessionContractFixture), nameof(SessionContractFixture.Suites))]
public sealed class SessionCommitContractTests(string suiteName) : SessionContractFixture(suiteName)
{
    /// <summary>
    /// Bob holds: a0 and a2 of Alice's first chain received (a1's key skipped), Bob replied, Alice is on her second chain.
    /// Held back: a1 (skipped key), a3 (in-chain), a4 and a5 (Alice's next chain; a5 needs a4's key and a3's key skipped).
    /// </summary>
    private (TwoParties P, Dictionary<string, Wire.E2eeMsg> Held) CommitScenario(string label)
    {
        TwoParties p = Establish(label);
        List<Wire.E2eeMsg> first = p.AliceSendsMany("a", 4);
        p.BobReceives(first[0]).Should().Be("a0");
        p.BobReceives(first[2]).Should().Be("a2");
        p.AliceReceives(p.BobSends("b0")).Should().Be("b0");
        Wire.E2eeMsg a4 = p.AliceSends("a4");
        Wire.E2eeMsg a5 = p.AliceSends("a5");
        var held = new Dictionary<string, Wire.E2eeMsg> { ["a0"] = first[0], ["a1"] = first[1], ["a2"] = first[2], ["a3"] = first[3], ["a4"] = a4, ["a5"] = a5 };
        p.BobSession.Ratchet.SkippedKeys.Should().ContainSingle();
        return (p, held);
    }

    private static readonly Dictionary<string, (string Message, Action<Wire.E2eeMsg> Change)> CommitCases = new()
    {
        ["ciphertext bit of an in-chain message"] = ("a3", m => m.One2OneMsg.Ciphertext = FlipBit(m.One2OneMsg.Ciphertext, 0)),
        ["tag bit of an in-chain message"] = ("a3", m => m.One2OneMsg.Ciphertext = FlipBit(m.One2OneMsg.Ciphertext, m.One2OneMsg.Ciphertext.Length - 1, 7)),
        ["ciphertext bit of a message with a stored skipped key"] = ("a1", m => m.One2OneMsg.Ciphertext = FlipBit(m.One2OneMsg.Ciphertext, 3)),
        ["ciphertext bit of a new-chain message that skips keys"] = ("a5", m => m.One2OneMsg.Ciphertext = FlipBit(m.One2OneMsg.Ciphertext, 5)),
        ["ciphertext shorter than a tag"] = ("a3", m => m.One2OneMsg.Ciphertext = ByteString.CopyFrom(new byte[10])),
        ["ratchet key one byte short"] = ("a3", m => m.One2OneMsg.RatchetKey = Resize(m.One2OneMsg.RatchetKey, -1)),
        ["ratchet key one byte long on a new chain"] = ("a4", m => m.One2OneMsg.RatchetKey = Resize(m.One2OneMsg.RatchetKey, +1)),
        ["ratchet key bit on a new chain"] = ("a5", m => m.One2OneMsg.RatchetKey = FlipBit(m.One2OneMsg.RatchetKey, 0, 1)),
        ["root sequence equal to ours"] = ("a3", m => m.One2OneMsg.RootSequence = 2),
        ["root sequence two ahead of ours"] = ("a3", m => m.One2OneMsg.RootSequence = 4),
        ["root sequence far ahead"] = ("a4", m => m.One2OneMsg.RootSequence = uint.MaxValue),
        ["sequence at the chain limit"] = ("a3", m => m.One2OneMsg.Sequence = ProtocolLimits.MaxMessagesPerChain),
        ["sequence of an index already used"] = ("a3", m => m.One2OneMsg.Sequence = 0),
        ["sequence of the skipped index on the wrong message"] = ("a3", m => m.One2OneMsg.Sequence = 1),
        ["sequence moved forward in the chain"] = ("a3", m => m.One2OneMsg.Sequence = 4),
        ["sending_message_sequence below sequence + 1 on a new chain"] = ("a5", m => m.One2OneMsg.SendingMessageSequence = 1),
        ["sending_message_sequence claiming a previous chain over the chain limit"] = ("a4", m => m.One2OneMsg.SendingMessageSequence = ProtocolLimits.MaxMessagesPerChain + 2),
        ["new-chain jump past the forward limit"] = ("a4", m => (m.One2OneMsg.Sequence, m.One2OneMsg.SendingMessageSequence) = (10, ProtocolLimits.MaxMessagesPerChain + 11)),
        ["replay of the first message"] = ("a0", _ => { }),
        ["replay of an in-chain message"] = ("a2", _ => { }),
        ["session id of another session"] = ("a3", m => m.SessionId = "AAAAAAAAAAAAAAAAAAAAAA=="),
        ["sender of another device"] = ("a3", m => m.From.User.DeviceId = "dev2"),
        ["no sender"] = ("a4", m => m.From = null),
        ["no one2one payload"] = ("a3", m => m.ClearPayload()),
    };

    private static ProtocolErrorCode ExpectedCode(string tamper) => tamper switch
    {
        _ when tamper.StartsWith("ciphertext", StringComparison.Ordinal) || tamper.StartsWith("tag", StringComparison.Ordinal) => ProtocolErrorCode.BadTag,
        "ratchet key bit on a new chain" => ProtocolErrorCode.BadTag,
        _ when tamper.StartsWith("ratchet key", StringComparison.Ordinal) => ProtocolErrorCode.WrongKeyLength,
        _ when tamper.StartsWith("root sequence", StringComparison.Ordinal) => ProtocolErrorCode.UnexpectedRootSequence,
        "sequence at the chain limit" => ProtocolErrorCode.ChainLimitExceeded,
        "sequence of an index already used" => ProtocolErrorCode.Replay,
        "sequence of the skipped index on the wrong message" => ProtocolErrorCode.BadTag,
        "sequence moved forward in the chain" => ProtocolErrorCode.BadTag,
        "sending_message_sequence claiming a previous chain over the chain limit" => ProtocolErrorCode.ChainLimitExceeded,
        _ when tamper.StartsWith("sending_message_sequence", StringComparison.Ordinal) => ProtocolErrorCode.InconsistentCounters,
        "new-chain jump past the forward limit" => ProtocolErrorCode.JumpTooFar,
        _ when tamper.StartsWith("replay", StringComparison.Ordinal) => ProtocolErrorCode.Replay,
        "session id of another session" => ProtocolErrorCode.UnknownSession,
        "sender of another device" or "no sender" => ProtocolErrorCode.WrongAddress,
        "no one2one payload" => ProtocolErrorCode.MissingField,
        _ => throw new ArgumentOutOfRangeException(nameof(tamper), tamper, null),
    };

    public static IEnumerable<string> CommitCaseNames => CommitCases.Keys;

    [TestCaseSource(nameof(CommitCaseNames))]
    public void A_failed_decrypt_leaves_the_state_byte_for_byte_unchanged_and_the_genuine_messages_still_decrypt(string tamper)
    {
        (TwoParties p, Dictionary<string, Wire.E2eeMsg> held) = CommitScenario(Label());
        (string target, Action<Wire.E2eeMsg> change) = CommitCases[tamper];

        BobRejects(p, Copy(held[target], change), ExpectedCode(tamper));

        foreach (string name in new[] { "a3", "a1", "a5", "a4" })
        {
            p.BobReceives(held[name]).Should().Be(name);
        }

        p.BobSession.Ratchet.SkippedKeys.Should().BeEmpty();
    }

    [Test]
    public void A_message_that_decrypts_but_whose_plaintext_does_not_parse_fails_with_MalformedPlaintext_and_commits_nothing()
    {
        (TwoParties p, Dictionary<string, Wire.E2eeMsg> held) = CommitScenario(Label());
        EstablishedSession alice = p.AliceSession;

        // Encrypted for real on Alice's current (for Bob: next) chain, so Bob's ratchet step succeeds before the parse fails.
        (RatchetState afterGarbage, Wire.One2oneMsgPayload garbage) = DoubleRatchet.Encrypt(alice.Ratchet, alice.Info.AssociatedData, [0xFF, 0xFF]);
        BobRejects(p, Copy(held["a5"], m => m.One2OneMsg = garbage), ProtocolErrorCode.MalformedPlaintext);

        byte[] noVersion = new Wire.Plaintext { CommonMsg = ByteString.CopyFromUtf8("x") }.ToByteArray();
        (_, Wire.One2oneMsgPayload unversioned) = DoubleRatchet.Encrypt(afterGarbage, alice.Info.AssociatedData, noVersion);
        BobRejects(p, Copy(held["a5"], m => m.One2OneMsg = unversioned), ProtocolErrorCode.MalformedPlaintext);

        p.BobReceives(held["a5"]).Should().Be("a5");
    }

    [Test]
    public void The_state_dump_covers_every_field_of_the_ratchet_state()
    {
        foreach ((Type type, string[] fields) in StateDump.RatchetStateFields)
        {
            type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                .Select(pi => pi.Name)
                .Should().BeEquivalentTo(fields, "StateDump must be extended when {0} gains a field", type.Name);
        }

        (TwoParties p, _) = CommitScenario(Label());
        string dump = StateDump.Of(p.BobSession);
        dump.Should().Contain(Convert.ToHexStringLower(p.BobSession.Ratchet.RootKey.Span));
        dump.Should().Contain(Convert.ToHexStringLower(p.BobSession.Ratchet.SkippedKeys[0].DerivedKey.Span));
        dump.Should().Contain(Convert.ToHexStringLower(p.BobSession.Ratchet.Receiver.OurRatchetPrivateKey.Span));
        StateDump.Of(p.BobSession).Should().Be(dump, "the dump is canonical");
        StateDump.Of(p.AliceSession).Should().NotBe(dump);
    }
}

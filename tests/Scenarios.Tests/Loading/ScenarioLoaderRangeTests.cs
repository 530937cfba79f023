using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Issue 14 §2: numbers a run would choke on are refused by the loader (so by <c>check</c>) with their position, and
/// <c>tamper</c>'s <c>byte</c> means a byte (its <c>bit</c> chosen within it).
/// </summary>
[TestFixture]
public sealed class ScenarioLoaderRangeTests
{
    [TestCase("send: { from: alice, to: bob, size: 2147483647 }", "a size in bytes (0 to 1048576)")]
    [TestCase("send: { from: alice, to: bob, size: 1048577 }", "a size in bytes (0 to 1048576)")]
    [TestCase("delay: { message: m1, steps: 2147483647 }", "a number of steps (1 to 1000000)")]
    [TestCase("chaos: { drop: NaN }", "the probability of dropping a delivery (a number from 0 to 1, e.g. 0.1)")]
    [TestCase("chaos: { duplicate: Infinity }", "the probability of duplicating a delivery (a number from 0 to 1, e.g. 0.1)")]
    [TestCase("tamper: { message: m1, to: bob/1, field: sequence, byte: 4 }", "a byte of the 32-bit sequence (0 to 3, least significant first)")]
    [TestCase("tamper: { message: m1, to: bob/1, field: ciphertext, bit: 8 }", "a bit of the byte (0 to 7)")]
    [TestCase("tamper: { message: m1, to: bob/1, field: payload }", "a field (ciphertext, session_id, sequence, ratchet_key, signature, from, msg_id, key_id)")]
    public void A_number_or_field_a_run_would_choke_on_is_refused_where_it_stands(string step, string expected)
    {
        ScenarioFormatException e = Fail(Header + "  - send: { from: alice, to: bob, text: hi, as: m1 }\n  - " + step + "\n");

        e.Code.Should().Be(ScenarioFormatException.BadValueCode);
        e.At.Line.Should().Be(7);
        e.Expected.Should().Be(expected);
    }

    [Test]
    public void A_server_count_without_whom_it_counts_for_is_refused()
    {
        ScenarioFormatException e = Fail(Header + "  - expect: { server: { count: 3 } }\n");

        e.Code.Should().Be(ScenarioFormatException.MissingKeyCode);
        e.Expected.Should().Contain("'pending_for:'");
    }

    [Test]
    public void The_largest_size_and_delay_are_accepted()
    {
        Scenario s = ParseSteps("""
              - send: { from: alice, to: bob, size: 1048576, as: big }
              - delay: { message: big, steps: 1000000 }
            """);

        s.Steps[0].Should().BeOfType<SendStep>().Which.Size.Should().Be(1 << 20);
        s.Steps[1].Should().BeOfType<DelayStep>().Which.Steps.Should().Be(1_000_000);
    }

    [Test]
    public void Tamper_reads_byte_and_bit()
    {
        Scenario s = ParseSteps("""
              - send: { from: alice, to: bob, text: hi, as: m1 }
              - tamper: { message: m1, to: bob/1, field: sequence, byte: 3, bit: 7 }
              - tamper: { message: m1, to: bob/1, field: ciphertext, byte: 40 }
            """);

        s.Steps[1].Should().BeOfType<TamperStep>().Which.Should().Match<TamperStep>(t => t.Byte == 3 && t.Bit == 7);
        s.Steps[2].Should().BeOfType<TamperStep>().Which.Bit.Should().BeNull();
    }

    [TestCase(0, null, 0x0000_0001u)]
    [TestCase(0, 7, 0x0000_0080u)]
    [TestCase(1, null, 0x0000_0100u)]
    [TestCase(3, 7, 0x8000_0000u)]
    public void Byte_means_byte_of_the_sequence_and_bit_the_bit_within_it(int index, int? bit, uint flipped)
    {
        var message = new Engine.Wire.ProtoMsg { E2EeMsg = new Engine.Wire.E2eeMsg { One2OneMsg = new Engine.Wire.One2oneMsgPayload { Sequence = 5 } } };

        Simulation.Tampering.TryApply(message, "sequence", index, bit, new Simulation.SeededRandom(1), out string? why).Should().BeTrue(why);

        (message.E2EeMsg.One2OneMsg.Sequence ^ 5u).Should().Be(flipped);
    }

    [Test]
    public void A_bit_of_a_byte_field_is_flipped_where_asked()
    {
        byte[] ciphertext = new byte[8];
        var message = new Engine.Wire.ProtoMsg { E2EeMsg = new Engine.Wire.E2eeMsg { One2OneMsg = new Engine.Wire.One2oneMsgPayload { Ciphertext = Google.Protobuf.ByteString.CopyFrom(ciphertext) } } };

        Simulation.Tampering.TryApply(message, "ciphertext", 2, 6, new Simulation.SeededRandom(1), out _).Should().BeTrue();

        message.E2EeMsg.One2OneMsg.Ciphertext.ToByteArray().Should().Equal(0, 0, 0x40, 0, 0, 0, 0, 0);
    }

    [Test]
    public void A_tamper_with_a_bit_runs_the_tampered_copies_are_refused_and_the_original_still_reads()
    {
        Scenario s = ScenarioLoader.Parse("""
            name: tamper-bit
            users: { alice: 1, bob: 1 }
            steps:
              - register: [alice, bob]
              - send: { from: alice, to: bob, text: "first", as: m1 }
              - deliver: all
              - send: { from: alice, to: bob, text: "second", as: m2 }
              - hold: m2
              - tamper: { message: m2, to: bob/1, field: sequence, byte: 1, bit: 3 }
              - tamper: { message: m2, to: bob/1, field: ciphertext, byte: 0, bit: 5 }
              - expect:
                  error: { at: bob/1, code: chain_limit_exceeded, message: m2 }
              - expect:
                  error: { at: bob/1, code: bad_tag, message: m2 }
              - release: m2
              - deliver: all
              - expect: { received: { by: bob, message: m2 } }
            """, "tamper-bit.yaml");

        ScenarioResult result = ScenarioRunner.Run(s, Engine.Crypto.CipherSuite.Ecc);

        // Bit 3 of byte 1 is 2^11: sequence 1 becomes 2049, past the chain limit — byte means byte, not bit.

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
    }
}

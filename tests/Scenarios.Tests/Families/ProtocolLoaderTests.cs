using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Families;

/// <summary>Issue 15 §1: <c>protocol:</c> and <c>sender_keys:</c> are read, and a step no named family runs is refused where it stands.</summary>
public sealed class ProtocolLoaderTests
{
    private const string SenderKeys = "name: t\nprotocol: sender-keys\nusers:\n  alice: 1\n  bob: 1\nsteps:\n  - register: all\n";

    [Test]
    public void A_file_without_protocol_is_an_e2ee_security_scenario_as_before()
    {
        Scenario scenario = ParseSteps("  - register: all\n");
        scenario.Protocols.Should().Equal("e2ee-security");
        scenario.SenderKeys.Should().BeNull();
    }

    [Test]
    public void A_protocol_is_a_name_or_a_list()
    {
        Parse(SenderKeys).Protocols.Should().Equal("sender-keys");
        Parse(SenderKeys.Replace("protocol: sender-keys", "protocol: [e2ee-security, sender-keys]", StringComparison.Ordinal)).Protocols.Should().Equal("e2ee-security", "sender-keys");
    }

    [TestCase("protocol: signal", 2, 11, "\"signal\"", ScenarioFormatException.UnknownNameCode)]
    [TestCase("protocol: [sender-keys, mls]", 2, 25, "\"mls\"", ScenarioFormatException.UnknownNameCode)]
    [TestCase("protocol: [sender-keys, sender-keys]", 2, 25, "\"sender-keys\"", ScenarioFormatException.DuplicateNameCode)]
    public void An_unknown_or_repeated_family_is_refused_where_it_stands(string line, int row, int column, string found, string code)
    {
        ScenarioFormatException e = Fail(SenderKeys.Replace("protocol: sender-keys", line, StringComparison.Ordinal));
        e.Code.Should().Be(code);
        e.At.Should().Be(new SourceSpan(FileName, row, column));
        e.Found.Should().Be(found);
    }

    [Test]
    public void Sender_key_settings_are_read()
    {
        Scenario scenario = Parse(SenderKeys.Replace("protocol: sender-keys\n", "protocol: sender-keys\nsender_keys: { rotate_after_messages: 3, rotate_after: 1h, transition_window: 0s, max_forward_jump: 10, max_skipped_keys: 0 }\n", StringComparison.Ordinal));
        scenario.SenderKeys.Should().Be(new SenderKeySettings(3, TimeSpan.FromHours(1), TimeSpan.Zero, 10, 0));
    }

    [TestCase("sender_keys: { rotate_after: 1x }", ScenarioFormatException.BadValueCode, 3, 30)]
    [TestCase("sender_keys: { max_forward_jump: 0 }", ScenarioFormatException.BadValueCode, 3, 34)]
    [TestCase("sender_keys: { rotate_after_messages: -1 }", ScenarioFormatException.BadValueCode, 3, 39)]
    [TestCase("sender_keys: { window: 1m }", ScenarioFormatException.UnknownKeyCode, 3, 16)]
    [TestCase("sender_keys: {}", ScenarioFormatException.MissingKeyCode, 3, 14)]
    public void Bad_sender_key_settings_are_refused_where_they_stand(string line, string code, int row, int column)
    {
        ScenarioFormatException e = Fail(SenderKeys.Replace("protocol: sender-keys\n", "protocol: sender-keys\n" + line + "\n", StringComparison.Ordinal));
        e.Code.Should().Be(code);
        e.At.Should().Be(new SourceSpan(FileName, row, column));
    }

    [Test]
    public void A_sqlite_store_is_refused_for_sender_keys()
    {
        ScenarioFormatException e = Fail(SenderKeys.Replace("protocol: sender-keys\n", "protocol: sender-keys\nstore: sqlite\n", StringComparison.Ordinal));
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.Found.Should().Contain("store: sqlite is an e2ee-security store");
    }

    [Test]
    public void Sender_key_settings_need_the_family()
    {
        ScenarioFormatException e = Fail("name: t\nsender_keys: { rotate_after_messages: 3 }\nusers: { alice: 1 }\nsteps:\n  - register: all\n");
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.At.Should().Be(new SourceSpan(FileName, 2, 14));
    }

    [TestCase("  - add_group_device: { by: alice, group: g, device: alice/1 }", "add_group_device has no meaning in sender keys")]
    [TestCase("  - server: down", "the step server has no meaning in sender-keys")]
    [TestCase("  - chaos: { deliveries: 5 }", "the step chaos has no meaning in sender-keys")]
    [TestCase("  - create_group: { by: alice, name: h, members: [bob], managers: [bob] }", "no group roles")]
    [TestCase("  - expect: { refused: { at: alice/1 } }", "the expectation refused has no meaning in sender-keys")]
    [TestCase("  - expect: { identity_matches: { by: alice/1, of: bob/1 } }", "the expectation identity_matches has no meaning")]
    [TestCase("  - expect: { state: { device: alice/1, one_time_pre_keys: 0 } }", "no pre-keys")]
    [TestCase("  - expect: { error: { at: alice/1, code: ratchet_key_mismatch } }", "the error code ratchet_key_mismatch is not one sender-keys reports")]
    [TestCase("  - tamper: { message: g1, to: bob/1, field: ratchet_key }", "the field ratchet_key is not one sender-keys can tamper with")]
    [TestCase("  - deliver: { kind: invite }", "the message kind invite is not one of sender-keys")]
    [TestCase("  - repeat: 2\n    steps:\n      - rewrite: { message: g1, to: bob/1, set: { e2ee_msg.msg_id: \"x\" } }", "the step rewrite has no meaning in sender-keys")]
    public void A_step_the_sender_key_family_cannot_run_is_refused_where_it_stands(string step, string why)
    {
        ScenarioFormatException e = Fail(SenderKeys + "  - create_group: { by: alice, name: g, members: [bob] }\n  - send: { from: alice, to: \"group:g\", text: hi, as: g1 }\n" + step + "\n");
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.At.Line.Should().Be(step.Contains("repeat", StringComparison.Ordinal) ? 12 : 10);
        e.Found.Should().Contain(why);
        e.Expected.Should().Be("what the sender-keys family runs");
    }

    [TestCase("  - expect: { error: { at: alice/1, code: retired_key_id } }", "the error code retired_key_id is not one e2ee-security reports")]
    [TestCase("  - tamper: { message: m1, to: bob/1, field: key_id }", "the field key_id is not one e2ee-security can tamper with")]
    [TestCase("  - deliver: { kind: membership }", "the message kind membership is not one of e2ee-security")]
    [TestCase("  - expect: { state: { device: alice/1, group: g, sender_key_id: 2 } }", "sender_key_id } is a counter of the sender-keys family")]
    public void A_sender_key_word_in_an_e2ee_security_scenario_is_refused(string step, string why)
    {
        ScenarioFormatException e = Fail(Header + "  - register: all\n  - create_group: { by: alice, name: g, members: [bob] }\n  - send: { from: alice, to: bob, text: hi, as: m1 }\n" + step + "\n");
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.At.Line.Should().Be(9);
        e.Found.Should().Contain(why);
    }

    [Test]
    public void A_shared_scenario_must_mean_something_in_every_family_it_names()
    {
        ScenarioFormatException e = Fail(SenderKeys.Replace("protocol: sender-keys", "protocol: [e2ee-security, sender-keys]", StringComparison.Ordinal) + "  - expect: { error: { at: alice/1, code: retired_key_id } }\n");
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.Found.Should().Contain("not one e2ee-security reports");
    }

    [Test]
    public void A_send_from_an_adversarys_copy_is_refused_where_the_family_does_not_script_it()
    {
        string steps = "  - compromise: { device: alice/1, as: eve }\n  - send: { from: eve, to: bob, text: forged, as: f1 }\n";
        ScenarioFormatException e = Fail(SenderKeys + steps);
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.At.Line.Should().Be(9);
        e.Found.Should().Contain("a send from the adversary's copy eve (impersonation) is not scripted in sender-keys");
        Parse(SenderKeys.Replace("protocol: sender-keys\n", "", StringComparison.Ordinal) + steps).Protocols.Should().Equal("e2ee-security");
    }

    [Test]
    public void A_suite_no_family_has_counts_for_the_first_family_only()
    {
        Scenario scenario = Parse(SenderKeys.Replace("protocol: sender-keys", "protocol: [e2ee-security, sender-keys]\nsuites: [ecc, x448]", StringComparison.Ordinal));
        Scenarios.Running.ScenarioRunner.Plan(scenario).Select(p => (p.Protocol, p.SuiteName, p.Skip))
            .Should().Equal(("e2ee-security", "ecc", null), ("e2ee-security", "x448", Scenarios.Running.ScenarioOutcome.Unimplemented), ("sender-keys", "p256", null));
    }

    [Test]
    public void A_sender_key_state_expectation_is_read()
    {
        Scenario scenario = Parse(SenderKeys + "  - create_group: { by: alice, name: g, members: [bob] }\n  - expect: { state: { device: alice/1, group: g, sender_key_id: 2 } }\n");
        scenario.Steps[2].Should().BeOfType<ExpectStep>().Which.Expectations.Single().Should().BeOfType<StateExpectation>()
            .Which.SenderKeyId.Should().Be(2);
        Fail(SenderKeys + "  - expect: { state: { device: alice/1, sender_key_id: 2 } }\n").Code.Should().Be(ScenarioFormatException.MissingKeyCode);
    }
}

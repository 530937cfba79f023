using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>The <c>server:</c> step (the server as an adversary), <c>compromise.observes</c> and the identity expectations: what the loader accepts and what it rejects, with the place.</summary>
[TestFixture]
public sealed class ServerStepLoaderTests
{
    private static Step Only(string step) =>
        Parse($"name: t\nusers: {{ alice: 1, bob: 2, carol: 1 }}\nsteps:\n  - register: all\n  - send: {{ from: alice, to: bob, text: hi, as: m1 }}\n  {step}\n").Steps[2];

    [TestCase("- server: heal", typeof(HealAction))]
    [TestCase("- server: honest", typeof(HonestAction))]
    [TestCase("- server: down", typeof(DownAction))]
    [TestCase("- server: up", typeof(UpAction))]
    [TestCase("- server: { withhold: m1 }", typeof(WithholdAction))]
    [TestCase("- server: { withhold: { kind: invite, to: bob/2 } }", typeof(WithholdAction))]
    [TestCase("- server: { partition: [[alice], [bob/1], [bob/2, carol]] }", typeof(PartitionAction))]
    [TestCase("- server: { substitute_bundle: { of: bob/2, with: carol/1 } }", typeof(SubstituteBundleAction))]
    [TestCase("- server: { reuse_one_time_pre_key: bob }", typeof(ReuseOneTimePreKeyAction))]
    [TestCase("- server: { strip_one_time_pre_keys: carol/1 }", typeof(StripOneTimePreKeysAction))]
    [TestCase("- server: { fake_heartbeat: { to: all, time: +30d } }", typeof(FakeHeartbeatAction))]
    [TestCase("- server: { forge_user_update: { to: alice, of: bob, name: Robert } }", typeof(ForgeUserUpdateAction))]
    [TestCase("- server: { intercept: { of: bob/1, by: carol/1 } }", typeof(InterceptAction))]
    public void Each_server_action_reads_into_its_record(string step, Type action) =>
        Only(step).Should().BeOfType<ServerStep>().Which.Action.Should().BeOfType(action);

    [TestCase("- server: lie", 6, 13, ScenarioFormatException.BadValueCode, "heal, honest, down, up")]
    [TestCase("- server: {}", 6, 13, ScenarioFormatException.BadValueCode, "heal, honest, down, up")]
    [TestCase("- server: { forge: m1 }", 6, 15, ScenarioFormatException.UnknownKeyCode, "forge")]
    [TestCase("- server: { withhold: m1, partition: [[alice], [bob]] }", 6, 29, ScenarioFormatException.ConflictingKeysCode, "one action per server step")]
    [TestCase("- server: { withhold: m9 }", 6, 25, ScenarioFormatException.UnknownNameCode, "m9")]
    [TestCase("- server: { partition: [[alice, bob]] }", 6, 26, ScenarioFormatException.BadValueCode, "one side")]
    [TestCase("- server: { partition: [[alice], [bob, alice]] }", 6, 42, ScenarioFormatException.DuplicateNameCode, "\"alice\" again")]
    [TestCase("- server: { partition: [[alice], []] }", 6, 36, ScenarioFormatException.BadValueCode, "a side")]
    [TestCase("- server: { partition: [[alice], [dave]] }", 6, 37, ScenarioFormatException.UnknownNameCode, "dave")]
    [TestCase("- server: { substitute_bundle: { of: bob, with: bob/2 } }", 6, 51, ScenarioFormatException.BadValueCode, "another user's device")]
    [TestCase("- server: { substitute_bundle: { of: bob } }", 6, 34, ScenarioFormatException.MissingKeyCode, "with")]
    [TestCase("- server: { reuse_one_time_pre_key: [bob] }", 6, 39, ScenarioFormatException.BadValueCode, "a user or device")]
    [TestCase("- server: { fake_heartbeat: { to: dave, time: +30d } }", 6, 37, ScenarioFormatException.UnknownNameCode, "dave")]
    [TestCase("- server: { fake_heartbeat: { to: all, time: +30x } }", 6, 48, ScenarioFormatException.BadValueCode, "+30d, -1y")]
    [TestCase("- server: { fake_heartbeat: { to: all, time: 30d } }", 6, 48, ScenarioFormatException.BadValueCode, "an offset from the run's clock")]
    [TestCase("- server: { fake_heartbeat: { to: all, time: +1001y } }", 6, 48, ScenarioFormatException.BadValueCode, "at most 1000y")]
    [TestCase("- server: { fake_heartbeat: { to: all, time: +999y400d } }", 6, 48, ScenarioFormatException.BadValueCode, "at most 1000y")]
    [TestCase("- server: { fake_heartbeat: { to: all, time: -5 } }", 6, 48, ScenarioFormatException.BadValueCode, "Unix milliseconds")]
    [TestCase("- server: { fake_heartbeat: { to: all, time: 99999999999999999999 } }", 6, 48, ScenarioFormatException.BadValueCode, "Unix milliseconds")]
    [TestCase("- server: { fake_heartbeat: { to: all, time: \"5\" } }", 6, 48, ScenarioFormatException.BadValueCode, "Unix milliseconds")]
    [TestCase("- server: { fake_heartbeat: { to: all } }", 6, 31, ScenarioFormatException.MissingKeyCode, "time")]
    [TestCase("- server: { fake_heartbeat: { to: all, time: +1d, at: bob } }", 6, 53, ScenarioFormatException.UnknownKeyCode, "at")]
    [TestCase("- server: { forge_user_update: { to: alice, of: dave, name: x } }", 6, 51, ScenarioFormatException.UnknownNameCode, "dave")]
    [TestCase("- server: { forge_user_update: { to: alice, of: bob } }", 6, 34, ScenarioFormatException.MissingKeyCode, "name")]
    [TestCase("- server: { forge_user_update: { to: alice, of: bob, name: \"\" } }", 6, 62, ScenarioFormatException.BadValueCode, "a user name")]
    [TestCase("- server: { intercept: { of: bob/1, by: carol } }", 6, 43, ScenarioFormatException.BadValueCode, "one device (user/N)")]
    [TestCase("- server: { intercept: { of: bob, by: bob/2 } }", 6, 41, ScenarioFormatException.BadValueCode, "another user's device")]
    [TestCase("- server: { intercept: { of: carol, by: dave/1 } }", 6, 43, ScenarioFormatException.UnknownNameCode, "dave/1")]
    [TestCase("- server: { intercept: { of: all, by: carol/1 } }", 6, 32, ScenarioFormatException.UnknownNameCode, "all")]
    [TestCase("- server: { intercept: { by: carol/1 } }", 6, 26, ScenarioFormatException.MissingKeyCode, "of")]
    [TestCase("- expect: { event: { at: alice, kind: typing } }", 6, 41, ScenarioFormatException.UnknownNameCode, "an event kind")]
    [TestCase("- expect: { event: { at: alice, kind: heartbeat, of: bob } }", 6, 52, ScenarioFormatException.ConflictingKeysCode, "'of' only with kind")]
    [TestCase("- expect: { event: { at: alice, kind: session_established, name: bob } }", 6, 62, ScenarioFormatException.ConflictingKeysCode, "'name' only with kind user_updated")]
    [TestCase("- expect: { event: { at: alice, kind: heartbeat, count: -1 } }", 6, 59, ScenarioFormatException.BadValueCode, "how many such events")]
    [TestCase("- expect: { event: { kind: heartbeat } }", 6, 22, ScenarioFormatException.MissingKeyCode, "at")]
    [TestCase("- expect: { event: { at: dave, kind: heartbeat } }", 6, 28, ScenarioFormatException.UnknownNameCode, "dave")]
    [TestCase("- compromise: { device: bob/1, as: eve, observes: often }", 6, 53, ScenarioFormatException.BadValueCode, "true or false")]
    [TestCase("- expect: { identity_matches: { by: alice } }", 6, 33, ScenarioFormatException.MissingKeyCode, "of")]
    [TestCase("- expect: { identity_differs: { by: alice, of: dave } }", 6, 50, ScenarioFormatException.UnknownNameCode, "dave")]
    public void Bad_server_steps_are_rejected_with_their_place(string step, int line, int column, string code, string says) =>
        RejectedAt("", step, line, column, code, says);

    [TestCase("- rewrite: { message: m1, to: bob/1 }", 7, 14, ScenarioFormatException.MissingKeyCode, "set: { PATH: VALUE, … }, reencrypt: { by, text }, or both")]
    [TestCase("- rewrite: { message: m1, to: bob/1, set: { e2ee_msg.msg_id: x }, as: f1 }", 7, 69, ScenarioFormatException.ConflictingKeysCode, "as only with reencrypt")]
    [TestCase("- rewrite: { message: m1, to: bob/1, reencrypt: { by: eve, text: x } }", 7, 14, ScenarioFormatException.MissingKeyCode, "a name for the re-encrypted message")]
    [TestCase("- rewrite: { message: m1, to: bob/1, reencrypt: { by: zed, text: x }, as: f1 }", 7, 57, ScenarioFormatException.UnknownNameCode, "zed")]
    [TestCase("- rewrite: { message: m1, to: bob/1, reencrypt: { text: x }, as: f1 }", 7, 51, ScenarioFormatException.MissingKeyCode, "by")]
    [TestCase("- rewrite: { message: m1, to: bob/1, reencrypt: { by: eve }, as: f1 }", 7, 51, ScenarioFormatException.MissingKeyCode, "the replacement")]
    [TestCase("- rewrite: { message: m1, to: bob/1, reencrypt: { by: eve, text: x, size: 3 }, as: f1 }", 7, 71, ScenarioFormatException.ConflictingKeysCode, "either 'text' or 'size' in reencrypt")]
    [TestCase("- rewrite: { message: m1, to: bob/1, reencrypt: { by: eve, size: 1048577 }, as: f1 }", 7, 68, ScenarioFormatException.BadValueCode, "a number of filler bytes")]
    [TestCase("- rewrite: { message: m1, to: bob/1, reencrypt: { by: eve, text: x, key: 1 }, as: f1 }", 7, 71, ScenarioFormatException.UnknownKeyCode, "key")]
    [TestCase("- rewrite: { message: m1, to: bob/1, reencrypt: { by: eve, text: x }, as: m1 }", 7, 77, ScenarioFormatException.DuplicateNameCode, "m1")]
    public void Bad_reencryptions_are_rejected_with_their_place(string step, int line, int column, string code, string says) =>
        RejectedAt("  - compromise: { device: bob/1, as: eve }\n", step, line, column, code, says);

    /// <summary>Asserts that <paramref name="step"/>, after a register, a send of m1 and <paramref name="before"/>, is rejected at its place.</summary>
    private static void RejectedAt(string before, string step, int line, int column, string code, string says)
    {
        ScenarioFormatException e = Fail($"name: t\nusers: {{ alice: 1, bob: 2, carol: 1 }}\nsteps:\n  - register: all\n  - send: {{ from: alice, to: bob, text: hi, as: m1 }}\n{before}  {step}\n");
        e.Code.Should().Be(code);
        (e.At.Line, e.At.Column).Should().Be((line, column));
        e.Message.Should().Contain(says);
    }

    [Test]
    public void A_reencryption_reads_into_its_record()
    {
        Scenario s = ScenarioLoader.Parse("name: t\nusers: { alice: 1, bob: 1 }\nsteps:\n  - register: all\n  - send: { from: alice, to: bob, text: hi, as: m1 }\n  - compromise: { device: bob/1, as: eve }\n  - rewrite: { message: m1, to: bob/1, reencrypt: { by: eve, size: 12 }, as: f1 }\n  - expect: { received: { by: bob/1, message: f1 } }\n", "t.yaml");

        RewriteStep step = s.Steps.OfType<RewriteStep>().Should().ContainSingle().Subject;
        (step.Message, step.To, step.Sets.Count, step.Reencrypt, step.As).Should().Be(("m1", "bob/1", 0, new Reencryption("eve", null, 12), "f1"));
    }

    [Test]
    public void A_forged_user_name_longer_than_the_wire_allows_is_rejected_with_its_place()
    {
        string name = new('n', ServerStepParser.MaxUserNameLength + 1);
        Bad_server_steps_are_rejected_with_their_place($"- server: {{ forge_user_update: {{ to: alice, of: bob, name: {name} }} }}", 6, 62, ScenarioFormatException.BadValueCode, "257 characters");
    }

    [TestCase("+30d", 30 * 24 * 3600 * 1000L, null)]
    [TestCase("-1y", -365 * 24 * 3600 * 1000L, null)]
    [TestCase("+1y12h", (365 * 24 + 12) * 3600 * 1000L, null)]
    [TestCase("-90m", -90 * 60 * 1000L, null)]
    [TestCase("1750000000000", null, 1_750_000_000_000L)]
    public void A_heartbeat_time_is_an_offset_or_an_absolute_time(string text, long? offsetMs, long? absolute)
    {
        HeartbeatTime time = Only($"- server: {{ fake_heartbeat: {{ to: bob/1, time: {(absolute is null ? $"\"{text}\"" : text)} }} }}").Should().BeOfType<ServerStep>()
            .Which.Action.Should().BeOfType<FakeHeartbeatAction>().Which.Time;
        time.Offset.Should().Be(offsetMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
        time.Absolute.Should().Be(absolute);
    }

    [Test]
    public void An_event_expectation_reads_its_fields_and_defaults_to_at_least_one()
    {
        Only("- expect: { event: { at: [alice, bob/2], kind: user_updated, of: bob, name: Robert, count: { at_most: 2 } } }").Should().BeOfType<ExpectStep>()
            .Which.Expectations.Should().Equal(
                new EventExpectation("alice", "user_updated", "bob", "Robert", CountRange.AtMost(2)),
                new EventExpectation("bob/2", "user_updated", "bob", "Robert", CountRange.AtMost(2)));
        Only("- expect: { event: { at: all, kind: heartbeat } }").Should().BeOfType<ExpectStep>()
            .Which.Expectations.Single().Should().BeOfType<EventExpectation>().Which.Expected.Should().Be(CountRange.AtLeast(1));
    }

    [Test]
    public void Observes_defaults_to_false()
    {
        Only("- compromise: { device: bob/1, as: eve }").Should().BeOfType<CompromiseStep>().Which.Observes.Should().BeFalse();
        Only("- compromise: { device: bob/1, as: eve, observes: true }").Should().BeOfType<CompromiseStep>().Which.Observes.Should().BeTrue();
    }

    [TestCase("- rewrite: { message: m1, to: bob/1, set: { e2ee_msg.nonsense: 1 } }", 6, 47, ScenarioFormatException.BadValueCode, "E2eeMsg has no field \"nonsense\"")]
    [TestCase("- rewrite: { message: m1, to: bob/1, set: { e2ee_msg.one2one_msg: 1 } }", 6, 47, ScenarioFormatException.BadValueCode, "is a message (One2oneMsgPayload)")]
    [TestCase("- rewrite: { message: m1, to: bob/1, set: { e2ee_msg.one2one_msg.sequence: -1 } }", 6, 78, ScenarioFormatException.BadValueCode, "an unsigned 32-bit integer")]
    [TestCase("- rewrite: { message: m1, to: bob/1, set: { e2ee_msg.one2one_msg.sequence: 4294967296 } }", 6, 78, ScenarioFormatException.BadValueCode, "an unsigned 32-bit integer")]
    [TestCase("- rewrite: { message: m1, to: bob/1, set: { e2ee_msg.one2one_msg.ciphertext: 0xzz } }", 6, 80, ScenarioFormatException.BadValueCode, "bytes as 0x and hex digits")]
    [TestCase("- rewrite: { message: m1, to: bob/1, set: { e2ee_msg.notif_level: LOUD } }", 6, 69, ScenarioFormatException.BadValueCode, "a value of NotifLevel")]
    [TestCase("- rewrite: { message: m1, to: bob/1, set: { e2ee_msg.msg_id: { from: m9 } } }", 6, 72, ScenarioFormatException.UnknownNameCode, "m9")]
    [TestCase("- rewrite: { message: m1, to: bob/1, set: {} }", 6, 45, ScenarioFormatException.BadValueCode, "a mapping of field paths to values")]
    [TestCase("- rewrite: { message: m1, set: { e2ee_msg.msg_id: x } }", 6, 14, ScenarioFormatException.MissingKeyCode, "to")]
    [TestCase("- rewrite: { message: m1, kind: invite, to: bob/1, set: { e2ee_msg.msg_id: x } }", 6, 29, ScenarioFormatException.ConflictingKeysCode, "")]
    [TestCase("- replay: { message: m1, nth: 2, to: bob/1 }", 6, 28, ScenarioFormatException.ConflictingKeysCode, "nth only with kind")]
    [TestCase("- replay: { kind: welcome, to: bob/1 }", 6, 21, ScenarioFormatException.BadValueCode, "a message kind")]
    [TestCase("- replay: { kind: invite, nth: 0, to: bob/1 }", 6, 34, ScenarioFormatException.BadValueCode, "which delivery of the kind")]
    [TestCase("- replay: { to: bob/1 }", 6, 13, ScenarioFormatException.MissingKeyCode, "'message:' or 'kind:'")]
    [TestCase("- tamper: { kind: invite, from: dave, to: bob/1, field: session_id }", 6, 35, ScenarioFormatException.UnknownNameCode, "dave")]
    public void Bad_rewrites_and_picks_are_rejected_with_their_place(string step, int line, int column, string code, string says) =>
        Bad_server_steps_are_rejected_with_their_place(step, line, column, code, says.Length == 0 ? "message" : says);

    [Test]
    public void A_send_may_come_from_an_adversary_defined_before_it()
    {
        Only("- compromise: { device: bob/1, as: eve }").Should().BeOfType<CompromiseStep>();
        Step send = Parse("name: t\nusers: { alice: 1, bob: 1 }\nsteps:\n  - register: all\n  - compromise: { device: bob/1, as: eve }\n  - send: { from: eve, to: alice, text: forged, as: f1 }\n").Steps[2];
        send.Should().BeOfType<SendStep>().Which.From.Should().Be("eve");
    }

    [Test]
    public void A_send_from_an_adversary_not_yet_defined_is_an_unknown_name()
    {
        ScenarioFormatException e = Fail("name: t\nusers: { alice: 1, bob: 1 }\nsteps:\n  - register: all\n  - send: { from: eve, to: alice, text: forged, as: f1 }\n  - compromise: { device: bob/1, as: eve }\n");
        e.Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        (e.At.Line, e.At.Column).Should().Be((5, 19));
    }
}

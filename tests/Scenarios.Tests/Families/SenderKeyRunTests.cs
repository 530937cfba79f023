using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Families;

/// <summary>
/// Issue 15: the sender-key family in the runner — the shared steps mean what they mean in E2EE Security, the runs are
/// deterministic, and the end-of-run invariants fail a run that loses a message or leaves an error unclaimed.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class SenderKeyRunTests
{
    private const string Group = "  - create_group: { by: alice, name: g, members: [bob, carol] }\n  - deliver: all\n";

    private static ScenarioResult Run(string steps, string head = "", ulong? seed = null)
    {
        Scenario scenario = ScenarioLoader.Parse($"name: t\nprotocol: sender-keys\n{head}users: {{ alice: 1, bob: 1, carol: 1 }}\nsteps:\n  - register: all\n" + steps, "t.yaml");
        return ScenarioRunner.Run(ScenarioRunner.Plan(scenario).Single(), seed);
    }

    private static void ShouldPass(ScenarioResult result) =>
        result.Outcome.Should().Be(ScenarioOutcome.Pass, $"{result.FailedStep}: {result.Reason}\n{result.Transcript}");

    [Test]
    public void A_run_is_of_its_family_and_suite_and_the_same_seed_gives_the_same_transcript()
    {
        string steps = Group + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - deliver: { shuffle: true }\n  - deliver: all\n";
        ScenarioResult first = Run(steps);
        ShouldPass(first);
        first.Protocol.Should().Be("sender-keys");
        first.Suite.Should().Be("p256");
        first.Column.Should().Be("sender-keys/p256");
        Run(steps).Transcript.Should().Be(first.Transcript);
        Run(steps, seed: 7).Transcript.Should().NotBe(first.Transcript, "another seed draws other keys");
    }

    [Test]
    public void An_unclaimed_error_fails_the_run_at_its_end()
    {
        ScenarioResult result = Run(Group + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - deliver: all\n  - replay: { message: m1, to: bob/1 }\n");
        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.FailedStep.Should().Be("end of run");
        result.Reason.Should().Contain("unclaimed errors: replay at bob/1 for m1");
    }

    [Test]
    public void A_message_the_relay_took_but_nobody_read_fails_the_run_unless_said()
    {
        string steps = Group + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - drop: { message: m1, to: bob }\n";
        ShouldPass(Run(steps)); // the relay redelivers what a drop took at the end of the run
        ScenarioResult lost = Run(Group + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - tamper: { message: m1, to: bob/1, field: ciphertext }\n  - expect: { error: { at: bob/1, code: bad_tag } }\n");
        ShouldPass(lost); // the tampered copy failed; the genuine one is still read
    }

    [Test]
    public void A_duplicate_is_refused_as_a_replay_there_is_no_transport_level_filter()
    {
        ShouldPass(Run(Group + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - duplicate: { message: m1, to: bob }\n  - deliver: all\n  - expect: { error: { at: bob/1, code: replay, message: m1 }, received: { by: bob, message: m1 } }\n"));
    }

    [Test]
    public void A_restarted_device_resumes_from_its_store_and_an_offline_one_sends_when_it_is_back()
    {
        ShouldPass(Run(Group
            + "  - send: { from: alice, to: \"group:g\", text: one, as: m1 }\n  - deliver: all\n  - restart: bob/1\n"
            + "  - offline: carol\n  - send: { from: carol, to: \"group:g\", text: queued, as: m2 }\n  - deliver: all\n"
            + "  - expect: { not_received: { by: bob, message: m2 } }\n  - online: carol\n  - deliver: all\n"
            + "  - send: { from: alice, to: \"group:g\", text: two, as: m3 }\n  - deliver: all\n"
            + "  - expect: { received: { by: bob, messages: [m1, m2, m3] } }\n"));
    }

    [Test]
    public void A_text_to_a_user_reaches_every_device_of_the_user_and_the_senders_other_devices()
    {
        Scenario scenario = ScenarioLoader.Parse("name: t\nprotocol: sender-keys\nusers: { alice: 2, bob: 2 }\nsteps:\n  - register: all\n  - send: { from: alice/1, to: bob, text: hi, as: m1 }\n  - deliver: all\n  - expect: { received: { by: [bob, alice/2], message: m1 } }\n", "t.yaml");
        ShouldPass(ScenarioRunner.Run(ScenarioRunner.Plan(scenario).Single()));
    }

    [TestCase("  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - deliver: all\n  - deliver: { message: m1 }\n", "expected m1 to be in flight, but m1 is delivered to bob/1")]
    [TestCase("  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - deliver: all\n  - expect: { received: { by: carol, message: m1, text: other } }\n", "expected m1 to carry \"other\", but it was sent as \"hi\"")]
    [TestCase("  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - expect: { received: { by: bob, message: m1 } }\n", "expected bob/1 to have read m1, but it has not")]
    [TestCase("  - expect: { state: { device: alice/1, group: g, sender_key_id: 5 } }\n", "expected alice/1's sender key in g to be 5, but it is 1")]
    [TestCase("  - compromise: { device: bob/1, as: eve }\n  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - expect: { adversary_cannot_decrypt: { state: eve, message: m1 } }\n", "expected the adversary eve (a copy of bob/1) not to read m1, but it did")]
    public void A_failed_expectation_says_what_was_expected_and_what_happened(string steps, string reason)
    {
        ScenarioResult result = Run(Group + steps);
        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain(reason);
        result.FailedStep.Should().StartWith("step ");
    }

    [Test]
    public void A_member_that_sends_to_a_group_it_left_gets_a_typed_error_and_nothing_leaves()
    {
        ShouldPass(Run(Group + "  - leave: { who: carol, group: g }\n  - deliver: all\n  - send: { from: carol, to: \"group:g\", text: late, as: m1 }\n  - expect: { error: { at: carol/1, code: wrong_address, message: m1 } }\n  - deliver: all\n  - expect: { not_received: { by: [alice, bob], message: m1 }, no_errors: all }\n"));
    }

    [Test]
    public void A_hold_keeps_later_matching_messages_until_released_and_a_release_ends_the_rule()
    {
        ShouldPass(Run(Group
            + "  - hold: { to: bob }\n  - send: { from: alice, to: \"group:g\", text: one, as: m1 }\n  - deliver: all\n"
            + "  - expect: { received: { by: carol, message: m1 }, not_received: { by: bob, message: m1 } }\n"
            + "  - release: { to: bob }\n  - send: { from: alice, to: \"group:g\", text: two, as: m2 }\n  - deliver: all\n"
            + "  - expect: { received: { by: bob, messages: [m1, m2] } }\n"));
    }

    [Test]
    public void A_held_message_dropped_comes_back_when_the_relay_redelivers_it()
    {
        Scenario scenario = ScenarioLoader.Parse("name: t\nprotocol: [e2ee-security, sender-keys]\nusers: { alice: 1, bob: 1 }\nsteps:\n  - register: all\n  - hold: { kind: one2one }\n  - send: { from: alice, to: bob, text: \"hello bob\", as: m1 }\n  - deliver: all\n  - drop: { message: m1 }\n", "t.yaml");
        foreach (PlannedRun planned in ScenarioRunner.Plan(scenario, ["ecc", "p256"], false))
        {
            ShouldPass(ScenarioRunner.Run(planned));
        }
    }

    [Test]
    public void Replay_and_tamper_act_on_the_genuine_message_never_on_an_earlier_forged_copy()
    {
        ShouldPass(Run(Group
            + "  - send: { from: alice, to: \"group:g\", text: hi, as: g1 }\n  - tamper: { message: g1, to: bob/1, field: ciphertext }\n"
            + "  - deliver: all\n  - replay: { message: g1, to: bob/1 }\n  - tamper: { message: g1, to: bob/1, field: key_id, byte: 0 }\n"
            + "  - expect: { error: { at: bob/1, code: bad_tag, count: 1 }, received: { by: bob, message: g1 } }\n"
            + "  - expect: { error: { at: bob/1, code: replay, count: 1 } }\n  - expect: { error: { at: bob/1, code: unknown_key_id, count: 1 }, no_errors: all }\n"));
    }

    [Test]
    public void An_observing_adversary_reads_what_a_late_key_opens_and_errors_of_held_texts_name_them()
    {
        ShouldPass(Run("  - compromise: { device: bob/1, as: eve, observes: true }\n" + Group.Replace("  - deliver: all\n", "  - hold: { kind: sender_key, to: bob }\n  - deliver: all\n", StringComparison.Ordinal)
            + "  - send: { from: alice, to: \"group:g\", text: hi, as: g1 }\n  - tamper: { message: g1, to: bob/1, field: ciphertext }\n  - deliver: all\n"
            + "  - expect: { not_received: { by: bob, message: g1 } }\n  - release: { kind: sender_key, to: bob }\n  - deliver: all\n"
            + "  - expect: { received: { by: bob, message: g1 }, adversary_decrypts: { state: eve, message: g1 }, error: { at: bob/1, code: bad_tag, message: g1 } }\n"));
    }

    [Test]
    public void An_expectation_about_a_user_without_a_device_fails_rather_than_checking_nothing()
    {
        Scenario scenario = ScenarioLoader.Parse("name: t\nprotocol: sender-keys\nusers: { alice: 1, carol: 1 }\nsteps:\n  - register: [alice]\n  - expect: { state: { device: carol, sessions: 7 } }\n", "t.yaml");
        ScenarioResult result = ScenarioRunner.Run(ScenarioRunner.Plan(scenario).Single());
        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("expected a user with a registered device, found \"carol\"");
    }

    [Test]
    public void A_text_to_a_user_is_checked_at_the_devices_it_was_meant_for()
    {
        Scenario scenario = ScenarioLoader.Parse("name: t\nprotocol: [e2ee-security, sender-keys]\nusers: { alice: 2, bob: 1 }\nsteps:\n  - register: all\n  - send: { from: alice/1, to: bob, text: hi, as: m1 }\n  - deliver: all\n  - expect: { received: { by: alice, message: m1 } }\n  - add_device: { user: bob }\n  - expect: { received: { by: bob, message: m1 } }\n", "t.yaml");
        foreach (PlannedRun planned in ScenarioRunner.Plan(scenario, ["ecc", "p256"], false))
        {
            ShouldPass(ScenarioRunner.Run(planned));
        }
    }

    [Test]
    public void A_clock_pushed_past_the_year_9999_is_refused_by_check_and_by_a_run_built_in_csharp()
    {
        Action load = () => ScenarioLoader.Parse("name: t\nprotocol: sender-keys\nusers: { alice: 1 }\nsteps:\n  - repeat: 10\n    steps:\n      - advance_clock: 100000d\n", "t.yaml");
        load.Should().Throw<ScenarioFormatException>().Which.Message.Should().Be("t.yaml:7:24: expected a clock moved at most 365250 days in all (a step inside repeats counts once per run), found \"100000d\" past that");

        Scenario built = new("t", "", [], [], null, [new UserSpec("alice", 1)], [new RegisterStep(["all"]), new AdvanceClockStep(TimeSpan.MaxValue)]) { Protocols = ["sender-keys"] };
        ScenarioResult result = ScenarioRunner.Run(ScenarioRunner.Plan(built).Single());
        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().StartWith("the virtual clock cannot pass the year 9999");
    }

    [Test]
    public void The_policy_of_the_file_is_the_policy_of_the_run()
    {
        ShouldPass(Run(Group + "  - repeat: 5\n    steps:\n      - send: { from: alice, to: \"group:g\", text: \"t{i}\", as: \"t{i}\" }\n  - deliver: all\n  - expect: { state: { device: alice/1, group: g, sender_key_id: 3 } }\n", head: "sender_keys: { rotate_after_messages: 2 }\n"));
        ShouldPass(Run(Group + "  - repeat: 4\n    steps:\n      - send: { from: alice, to: \"group:g\", text: \"t{i}\", as: \"t{i}\" }\n  - deliver: all\n  - expect: { state: { device: alice/1, group: g, sender_key_id: 1 } }\n"));
    }
}

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
    [TestCase("  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - deliver: all\n  - expect: { received: { by: carol, message: m1, text: other } }\n", "expected carol/1 to have read m1 as \"other\", but it read \"hi\"")]
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
    public void The_policy_of_the_file_is_the_policy_of_the_run()
    {
        ShouldPass(Run(Group + "  - repeat: 5\n    steps:\n      - send: { from: alice, to: \"group:g\", text: \"t{i}\", as: \"t{i}\" }\n  - deliver: all\n  - expect: { state: { device: alice/1, group: g, sender_key_id: 3 } }\n", head: "sender_keys: { rotate_after_messages: 2 }\n"));
        ShouldPass(Run(Group + "  - repeat: 4\n    steps:\n      - send: { from: alice, to: \"group:g\", text: \"t{i}\", as: \"t{i}\" }\n  - deliver: all\n  - expect: { state: { device: alice/1, group: g, sender_key_id: 1 } }\n"));
    }
}

using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Families;

/// <summary>
/// Issue 16: the room-key family in the runner — its runs are of its family and suite and deterministic, the shared
/// steps mean what they mean elsewhere, and the end-of-run invariants fail a run that loses a text or leaves an error
/// unclaimed.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class RoomKeyRunTests
{
    private const string Room = "  - create_group: { by: alice, name: g, members: [bob, carol] }\n  - deliver: all\n";

    private static ScenarioResult Run(string steps, string head = "", ulong? seed = null)
    {
        Scenario scenario = ScenarioLoader.Parse($"name: t\nprotocol: room-keys\n{head}users: {{ alice: 1, bob: 1, carol: 1 }}\nsteps:\n  - register: all\n" + steps, "t.yaml");
        return ScenarioRunner.Run(ScenarioRunner.Plan(scenario).Single(), seed);
    }

    private static void ShouldPass(ScenarioResult result) =>
        result.Outcome.Should().Be(ScenarioOutcome.Pass, $"{result.FailedStep}: {result.Reason}\n{result.Transcript}");

    [Test]
    public void A_run_is_of_its_family_and_suite_and_the_same_seed_gives_the_same_transcript()
    {
        string steps = Room + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - deliver: { shuffle: true }\n  - deliver: all\n";
        ScenarioResult first = Run(steps);
        ShouldPass(first);
        first.Protocol.Should().Be("room-keys");
        first.Suite.Should().Be("rsa-oaep");
        first.Column.Should().Be("room-keys/rsa-oaep");
        Run(steps).Transcript.Should().Be(first.Transcript);
        Run(steps, seed: 7).Transcript.Should().NotBe(first.Transcript, "another seed draws other room keys and nonces");
    }

    [Test]
    public void An_unclaimed_error_fails_the_run_at_its_end()
    {
        ScenarioResult result = Run(Room + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - deliver: all\n  - replay: { message: m1, to: bob/1 }\n");
        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.FailedStep.Should().Be("end of run");
        result.Reason.Should().Contain("unclaimed errors: replay at bob/1 for m1");
    }

    [Test]
    public void A_dropped_text_is_redelivered_and_a_held_one_is_read_at_the_heal()
    {
        ShouldPass(Run(Room + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - drop: { message: m1, to: bob }\n  - hold: { message: m1, to: carol }\n"));
    }

    [Test]
    public void A_text_nobody_can_read_fails_the_run_unless_an_expectation_says_why()
    {
        string steps = Room + "  - leave: { who: carol, group: g }\n  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - deliver: all\n";
        ShouldPass(Run(steps)); // the server took m1 to bob only: carol was out when it was sent
        ScenarioResult result = Run(Room + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - leave: { who: carol, group: g }\n  - deliver: { kind: membership }\n  - deliver: all\n");
        result.Outcome.Should().Be(ScenarioOutcome.Fail, "carol left before m1 reached her: her device refuses it (not_a_member) and nothing claims that");
        result.Reason.Should().Contain("not_a_member at carol/1 for m1");
        ShouldPass(Run(Room + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - leave: { who: carol, group: g }\n  - deliver: { kind: membership }\n  - deliver: all\n  - expect: { error: { at: carol, code: not_a_member, message: m1 } }\n"));
    }

    [Test]
    public void A_restart_in_the_middle_of_a_replacement_resumes_from_the_stored_form()
    {
        string steps = Room + "  - leave: { who: carol, group: g }\n  - deliver: all\n  - send: { from: alice, to: \"group:g\", text: first, as: m1 }\n"
            + "  - deliver: { to: alice, kind: replacement }\n  - restart: alice\n  - restart: bob\n  - deliver: all\n"
            + "  - send: { from: bob, to: \"group:g\", text: second, as: m2 }\n  - deliver: all\n"
            + "  - expect: { received: { by: alice, message: m2 }, state: { device: bob/1, group: g, room_key_generation: 2 } }\n";
        ShouldPass(Run(steps));
    }

    [Test]
    public void An_offline_member_sends_when_it_is_back_and_misses_nothing()
    {
        string steps = Room + "  - offline: carol\n  - send: { from: carol, to: \"group:g\", text: later, as: c1 }\n  - send: { from: alice, to: \"group:g\", text: meanwhile, as: a1 }\n  - deliver: all\n"
            + "  - expect: { not_received: { by: alice, message: c1 } }\n  - online: carol\n  - deliver: all\n  - expect: { received: { by: alice, message: c1 } }\n  - expect: { received: { by: carol, message: a1 } }\n";
        ShouldPass(Run(steps));
    }

    [Test]
    public void A_text_in_the_clear_has_no_integrity_the_reader_takes_an_altered_copy_and_the_genuine_one_is_a_replay()
    {
        ScenarioResult result = Run(Room + "  - send: { from: alice, to: \"group:g\", text: \"pay bob 5\", as: p1, encrypt: false }\n  - tamper: { message: p1, to: bob, field: ciphertext, byte: 8, bit: 1 }\n  - deliver: all\n"
            + "  - expect: { error: { at: bob, code: replay, message: p1 } }\n  - expect: { received: { by: carol, message: p1 } }\n");
        ShouldPass(result);
        result.Transcript.Should().Contain("bob/1 reads an altered copy in the clear in g");
    }

    [Test]
    public void A_bigger_key_size_is_a_setting_of_the_file()
    {
        ScenarioResult result = Run(Room + "  - send: { from: alice, to: \"group:g\", text: hi, as: m1 }\n  - deliver: all\n", "room_keys: { rsa_bits: 3072 }\n");
        ShouldPass(result);
        result.Transcript.Should().Contain("RSA-3072");
    }

    [Test]
    public void A_non_room_key_scenario_is_not_run_as_one()
    {
        Scenario scenario = ScenarioLoader.Parse("name: t\nusers: { alice: 1 }\nsteps:\n  - register: all\n", "t.yaml");
        ScenarioRunner.Plan(scenario).Should().OnlyContain(p => p.Protocol == "e2ee-security");
    }
}

using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

/// <summary>The runner's contract: determinism, failures that say what was expected and what happened, invariants.</summary>
[Parallelizable(ParallelScope.Children)]
public sealed class ScenarioRunnerTests
{
    private static Scenario Yaml(string text) => ScenarioLoader.Parse(text, "test.yaml");

    private const string Pair = """
        name: t
        users:
          alice: 1
          bob: 1
        steps:
          - register: all

        """;

    [TestCase("lossy-network", "ecc")]
    [TestCase("lossy-network", "pqc")]
    [TestCase("burst-reordered", "mlkem512-mldsa44")]
    [TestCase("group-out-of-order", "ecc")]
    public void The_same_scenario_and_seed_give_a_byte_identical_transcript(string name, string suite)
    {
        Scenario scenario = BuiltInCatalog.Find(name)!;
        CipherSuite.TryParse(suite, out CipherSuite? s).Should().BeTrue();
        ScenarioResult first = ScenarioRunner.Run(scenario, s!, 7);
        ScenarioResult second = ScenarioRunner.Run(scenario, s!, 7);
        first.Outcome.Should().Be(ScenarioOutcome.Pass, first.Reason);
        second.Transcript.Should().Be(first.Transcript);
        first.Transcript.Split('\n')[1].Should().Be("seed 7", "the seed is printed first");
    }

    [Test]
    public void Another_seed_draws_another_delivery_order()
    {
        Scenario scenario = BuiltInCatalog.Find("burst-reordered")!;
        string[] transcripts = [.. new ulong[] { 1, 2, 3 }.Select(seed => ScenarioRunner.Run(scenario, CipherSuite.Ecc, seed).Transcript)];
        string Order(string t) => string.Join(",", t.Split('\n').Where(l => l.Contains("-> bob/2: bob/2 received b", StringComparison.Ordinal)));
        transcripts.Select(Order).Distinct().Should().HaveCountGreaterThan(1);
    }

    [Test]
    public void A_wrong_expectation_fails_saying_what_was_expected_and_what_was_found()
    {
        ScenarioResult result = ScenarioRunner.Run(Yaml(Pair + """
              - send: { from: alice, to: bob, text: "hello", as: m1 }
              - deliver: all
              - expect: { state: { device: bob/1, sessions: 7 } }
            """), CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.FailedStep.Should().Be("step 4 (line 9): expect");
        result.Reason.Should().Be("expected bob/1 to have sessions 7, found 1 (sessions=1 peers=1 skipped_keys=0 one_time_pre_keys=99 signed_pre_key_id=1 groups=0 waiting_texts=0)");
        result.Transcript.Should().EndWith("FAIL at step 4 (line 9): expect: " + result.Reason);
    }

    [Test]
    public void Expecting_a_message_that_is_held_says_where_it_is()
    {
        ScenarioResult result = ScenarioRunner.Run(Yaml(Pair + """
              - send: { from: alice, to: bob, text: "hello", as: m1 }
              - deliver: all
              - send: { from: alice, to: bob, text: "held back", as: m2 }
              - hold: m2
              - deliver: all
              - expect: { received: { by: bob, message: m2 } }
            """), CipherSuite.Ecc);

        result.Reason.Should().Be("expected bob to have received m2, but bob/1 has not decrypted m2 (it is held)");
    }

    [Test]
    public void An_error_nobody_expected_fails_the_run_at_its_end()
    {
        ScenarioResult result = ScenarioRunner.Run(Yaml(Pair + """
              - send: { from: alice, to: bob, text: "hello", as: m1 }
              - deliver: all
              - replay: { message: m1, to: bob/1 }
            """), CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.FailedStep.Should().Be("end of run");
        result.Reason.Should().StartWith("unexpected protocol error(s), not claimed by an error expectation: replay at bob/1 on one2one m1 alice/1 -> bob/1 (step 4) — ");
    }

    [Test]
    public void A_message_an_intended_recipient_never_decrypts_breaks_the_heal_invariant()
    {
        Scenario scenario = BuiltInCatalog.Find("signed-pre-key-retired")!;
        Scenario without = scenario with
        {
            Steps = [.. scenario.Steps.Take(scenario.Steps.Count - 1), new ExpectStep([new ErrorExpectation("bob/1", "unknown_signed_pre_key", null)])],
        };

        ScenarioResult result = ScenarioRunner.Run(without, CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().StartWith("invariant violated: after every fault healed, every intended recipient decrypts — but bob/1 never decrypted m1");
    }

    [Test]
    public void A_group_text_that_waited_past_a_removal_is_owed_only_to_the_members_of_now()
    {
        ScenarioResult result = ScenarioRunner.Run(BuiltInCatalog.Find("group-waiting-text-goes-to-the-members-of-now")!, CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("alice/1 encrypts m1 for group:g", "the text waited and left late");
        result.Transcript.Should().NotContain("-> bob/1: bob/1 received m1").And.NotContain("-> bob/2: bob/2 received m1", "bob was removed before it left");
        result.Transcript.Should().Contain("carol/1 received m1").And.Contain("dave/1 received m1");
    }

    [Test]
    public void Delivering_in_an_order_naming_a_message_not_in_flight_fails_the_step()
    {
        ScenarioResult result = ScenarioRunner.Run(Yaml(Pair + """
              - send: { from: alice, to: bob, text: "hello", as: m1 }
              - deliver: { to: bob/1, order: [m1] }
            """), CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().StartWith("expected m1 to be in flight to bob/1, but its sender has not encrypted it yet");
    }

    [Test]
    public void The_fluent_builder_and_the_yaml_file_make_the_same_run()
    {
        Scenario fromYaml = Yaml("""
            name: same
            users:
              alice: 1
              bob: 2
            steps:
              - register: [alice, bob]
              - send: { from: alice, to: bob, text: "hi", as: m1 }
              - deliver: all
              - repeat: 3
                steps:
                  - send: { from: alice, to: bob, text: "n{i}", as: "n{i}" }
              - hold: n2
              - deliver: all
              - release: all
              - deliver: { to: bob/2, shuffle: true }
              - run_until_quiet
              - expect: { received: { by: bob, messages: [n1, n2, n3] } }
            """);
        Scenario fluent = new ScenarioBuilder("same")
            .User("alice").User("bob", devices: 2)
            .Register("alice", "bob")
            .Send("alice", "bob", "hi", "m1")
            .DeliverAll()
            .Repeat(3, b => b.Send("alice", "bob", "n{i}", "n{i}"))
            .Hold("n2")
            .DeliverAll()
            .ReleaseAll()
            .DeliverShuffled("bob/2")
            .RunUntilQuiet()
            .Expect(e => e.Received("bob", "n1", "n2", "n3"))
            .Build();

        ScenarioResult a = ScenarioRunner.Run(fromYaml, CipherSuite.Ecc);
        ScenarioResult b = ScenarioRunner.Run(fluent, CipherSuite.Ecc);
        a.Outcome.Should().Be(ScenarioOutcome.Pass, a.Reason);
        b.Transcript.Should().Be(a.Transcript);
    }

    [Test]
    public void Bytes_of_a_sent_text_reaching_the_server_in_any_request_break_the_no_plaintext_invariant()
    {
        // The text equals the recipient's user id, which every request about the recipient carries in clear: the
        // detector cannot tell the two apart, which is exactly what makes it a useful canary here.
        ScenarioResult result = ScenarioRunner.Run(Yaml("""
            name: leak
            users:
              alice: 1
              leaky-user-name: 1
            steps:
              - register: all
              - send: { from: alice, to: leaky-user-name, text: "leaky-user-name", as: m1 }
            """), CipherSuite.Ecc);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.FailedStep.Should().Be("step 2 (line 7): send");
        result.Reason.Should().StartWith("invariant violated: plaintext \"leaky-user-name\" reached the server in a ");
    }

    [Test]
    public void Plans_report_unknown_suites_as_unimplemented_and_keep_the_slow_suite_to_small_scenarios()
    {
        ScenarioRunner.Plan(BuiltInCatalog.Find("skissm-prestandard-kyber")!).Should().ContainSingle()
            .Which.Skip.Should().Be(ScenarioOutcome.Unimplemented);
        PlannedRun slow = ScenarioRunner.Plan(BuiltInCatalog.Find("chain-limit-513")!).Single(p => p.SuiteName == "mlkem1024-slhdsa256s");
        slow.Skip.Should().Be(ScenarioOutcome.Disabled);
        slow.Reason.Should().Be(ScenarioRunner.SlowSuiteReason);
        ScenarioRunner.Plan(BuiltInCatalog.Find("hello-one2one")!).Should().OnlyContain(p => p.Skip == null);
    }
}

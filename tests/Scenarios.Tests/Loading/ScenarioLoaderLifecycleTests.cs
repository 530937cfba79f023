using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Issue 14 §1, bulk and lifecycle, as the loader reads it: bulk users (<c>u: { count }</c>), <c>add_user</c> (a name
/// that exists from its step on), <c>offline</c> / <c>online</c>, and <c>cost:</c> next to a step keyword.
/// </summary>
[TestFixture]
public sealed class ScenarioLoaderLifecycleTests
{
    [Test]
    public void A_bulk_entry_declares_numbered_users_with_its_devices_and_pre_keys()
    {
        Scenario s = Parse("""
            name: t
            users:
              alice: 1
              u: { count: 3, devices: 2, one_time_pre_keys: 4 }
            steps:
              - register: all
              - send: { from: u3/2, to: u1, text: hi, as: m1 }
            """);

        s.Users.Should().Equal(new UserSpec("alice", 1), new UserSpec("u1", 2, 4), new UserSpec("u2", 2, 4), new UserSpec("u3", 2, 4));
        s.Steps[0].Should().BeOfType<RegisterStep>().Which.Users.Should().Equal("alice", "u1", "u2", "u3");
    }

    [Test]
    public void A_bulk_name_that_another_entry_declares_is_a_duplicate_at_the_later_entry()
    {
        ScenarioFormatException e = Fail("""
            name: t
            users:
              u2: 1
              u: { count: 3 }
            steps: []
            """);

        ShouldBe(e, ScenarioFormatException.DuplicateNameCode, 4, 3, "a user name not declared before (u2 is)", "\"u\" declaring u2");
    }

    [TestCase("0")]
    [TestCase("1001")]
    [TestCase("-1")]
    public void A_bulk_count_outside_1_to_1000_is_refused(string count)
    {
        ScenarioFormatException e = Fail($$"""
            name: t
            users:
              u: { count: {{count}} }
            steps: []
            """);

        e.Code.Should().Be(ScenarioFormatException.BadValueCode);
        e.Expected.Should().Be("a number of users (1 to 1000)");
    }

    [Test]
    public void The_largest_bulk_entry_is_accepted() =>
        Parse("name: t\nusers:\n  u: { count: 1000 }\nsteps: []\n").Users.Should().HaveCount(ScenarioLoader.MaxBulkUsers).And.Contain(new UserSpec("u1000", 1));

    [Test]
    public void Add_user_declares_the_user_for_the_steps_after_it()
    {
        Scenario s = ParseSteps("""
              - register: all
              - add_user: { user: dave, devices: 2, one_time_pre_keys: 5 }
              - add_user: erin
              - send: { from: dave/2, to: erin, text: hi, as: m1 }
              - expect: { received: { by: [erin, dave/1], message: m1 } }
            """);

        s.Steps[1].Should().Be(new AddUserStep("dave", 2, 5) { At = At(7) });
        s.Steps[2].Should().Be(new AddUserStep("erin") { At = At(8) });
        s.Steps[4].Should().BeOfType<ExpectStep>().Which.Expectations.Should().BeEquivalentTo(
            [new ReceivedExpectation("erin", ["m1"], null), new ReceivedExpectation("dave/1", ["m1"], null)], o => o.WithStrictOrdering());
    }

    [Test]
    public void A_user_named_before_its_add_user_is_unknown()
    {
        ScenarioFormatException e = Fail(Header + "  - send: { from: alice, to: dave, text: hi, as: m1 }\n  - add_user: dave\n");

        e.Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        e.At.Line.Should().Be(6);
    }

    [Test]
    public void Add_user_of_a_declared_user_is_a_duplicate()
    {
        ScenarioFormatException e = Fail(Header + "  - add_user: { user: bob }\n");

        ShouldBe(e, ScenarioFormatException.DuplicateNameCode, 6, 23, "the new user's name (lowercase letters, digits, '_' and '-', not declared before)", "\"bob\", a user already declared");
    }

    [Test]
    public void Add_user_inside_a_repeat_that_runs_twice_is_refused()
    {
        ScenarioFormatException e = Fail(Header + "  - repeat: 2\n    steps:\n      - add_user: dave\n");

        e.Code.Should().Be(ScenarioFormatException.DuplicateNameCode);
        e.Expected.Should().Contain("the repeat at line 6 runs 2 times");
    }

    [TestCase("add_user: { user: Dave }")]
    [TestCase("add_user: all")]
    [TestCase("add_user: { user: dave, devices: 65 }")]
    [TestCase("add_user: { user: dave, one_time_pre_keys: 1001 }")]
    public void A_bad_add_user_is_refused(string step) =>
        Fail(Header + "  - " + step + "\n").Code.Should().Be(ScenarioFormatException.BadValueCode);

    [Test]
    public void Offline_and_online_name_a_device_or_user()
    {
        Scenario s = ParseSteps("""
              - register: all
              - offline: bob/2
              - online: bob
            """);

        ShouldEqual(s.Steps, new RegisterStep(["alice", "bob"]) { At = At(6) }, new OfflineStep("bob/2") { At = At(7) }, new OnlineStep("bob") { At = At(8) });
    }

    [Test]
    public void Offline_of_an_unknown_device_is_refused() =>
        Fail(Header + "  - offline: bob/3\n").Code.Should().Be(ScenarioFormatException.UnknownNameCode);

    [Test]
    public void Cost_next_to_a_step_keyword_is_read_onto_the_step()
    {
        Scenario s = ParseSteps("""
              - send: { from: alice, to: bob, text: hi, as: m1 }
              - deliver: all
                cost: { max_key_derivations: 12 }
              - replay: { message: m1, to: bob/1 }
                cost: { max_key_derivations: 0, max_ms_cpu: 500 }
              - repeat: 2
                cost: { max_ms_cpu: 1000 }
                steps:
                  - run_until_quiet
            """);

        s.Steps[0].Cost.Should().BeNull();
        s.Steps[1].Cost.Should().Be(new StepCost(12, null));
        s.Steps[2].Cost.Should().Be(new StepCost(0, 500));
        s.Steps[3].Cost.Should().Be(new StepCost(null, 1000));
    }

    [TestCase("  - deliver: all\n    cost: {}\n", ScenarioFormatException.MissingKeyCode)]
    [TestCase("  - deliver: all\n    cost: { max_ms_cpu: 0 }\n", ScenarioFormatException.BadValueCode)]
    [TestCase("  - deliver: all\n    cost: { max_ms_cpu: 3600001 }\n", ScenarioFormatException.BadValueCode)]
    [TestCase("  - deliver: all\n    cost: { max_key_derivations: -1 }\n", ScenarioFormatException.BadValueCode)]
    [TestCase("  - deliver: all\n    cost: { max_key_derivations: 1000000001 }\n", ScenarioFormatException.BadValueCode)]
    [TestCase("  - deliver: all\n    cost: { max_bytes: 3 }\n", ScenarioFormatException.UnknownKeyCode)]
    [TestCase("  - expect: { no_errors: all }\n    cost: { max_ms_cpu: 5 }\n", ScenarioFormatException.ConflictingKeysCode)]
    [TestCase("  - cost: { max_ms_cpu: 5 }\n", ScenarioFormatException.MissingKeyCode)]
    public void A_bad_cost_is_refused(string steps, string code) =>
        Fail(Header + steps).Code.Should().Be(code);
}

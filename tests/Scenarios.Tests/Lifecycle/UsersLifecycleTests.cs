using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;
using static E2eeConformance.Scenarios.Tests.Lifecycle.LifecycleRun;

namespace E2eeConformance.Scenarios.Tests.Lifecycle;

/// <summary>Issue 14 §1: bulk users and users added mid-run are users like any other (all, groups, implementations).</summary>
[TestFixture]
public sealed class UsersLifecycleTests
{
    [Test]
    public void A_user_added_mid_run_is_among_all_from_then_on()
    {
        ScenarioResult result = Steps("""
              - add_user: { user: dave, devices: 2 }
              - create_group: { by: alice, name: g, members: all }
              - deliver: all
              - send: { from: dave/2, to: "group:g", text: "dave speaks", as: g1 }
              - deliver: all
              - expect:
                  - received: { by: all, message: g1 }
                  - state: { device: bob/2, group: g, group_members: 5 }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("#2 add_user dave with 2 device(s)").And.Contain("registered dave/2");
    }

    [Test]
    public void Bulk_users_from_the_builder_are_the_loader_s()
    {
        Scenario built = new ScenarioBuilder("bulk").User("alice").Users("u", 3, devices: 2, oneTimePreKeys: 4).Build();
        Scenario loaded = E2eeConformance.Scenarios.Loading.ScenarioLoader.Parse("name: bulk\nusers: { alice: 1, u: { count: 3, devices: 2, one_time_pre_keys: 4 } }\nsteps: []\n", "bulk.yaml");

        built.Users.Should().Equal(loaded.Users);
    }

    [Test]
    public void The_builder_writes_the_lifecycle_steps_the_loader_reads()
    {
        Scenario built = new ScenarioBuilder("b")
            .User("alice")
            .Register("all")
            .AddUser("dave", devices: 2)
            .Offline("dave/1")
            .Online("dave")
            .Send("alice", "dave", "hi", "m1")
            .DeliverAll()
            .Cost(maxKeyDerivations: 100)
            .Expect(e => e.ReceivedBy(["dave/1", "dave/2"], "m1").Errors("alice", "bad_tag", CountRange.AtMost(0)))
            .Build();

        built.Steps.Select(s => s.Keyword).Should().Equal("register", "add_user", "offline", "online", "send", "deliver", "expect");
        built.Steps[5].Cost.Should().Be(new StepCost(100, null));
        ScenarioResult result = ScenarioRunner.Run(built, CipherSuite.Ecc);
        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
    }
}

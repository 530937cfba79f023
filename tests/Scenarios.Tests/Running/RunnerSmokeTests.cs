using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

public sealed class RunnerSmokeTests
{
    [Test]
    public void Burst_reordered()
    {
        Scenario s = new ScenarioBuilder("burst")
            .User("alice").User("bob", devices: 2)
            .Register("alice", "bob")
            .Send("alice", "bob", "hello there", "m1")
            .DeliverAll()
            .Expect(e => e.Received("bob", "m1"))
            .Repeat(5, b => b.Send("alice", "bob", "burst {i}", "b{i}"))
            .DeliverInOrder("bob/1", "b5", "b4", "b3", "b2", "b1")
            .DeliverShuffled("bob/2")
            .Expect(e => e.Received("bob", "b1", "b2", "b3", "b4", "b5").State(new StateExpectation("bob/1", SkippedKeys: 0)).Summary("all"))
            .Build();
        ScenarioResult result = ScenarioRunner.Run(s, CipherSuite.Ecc);
        TestContext.Out.WriteLine(result.Transcript);
        result.Reason.Should().BeEmpty();
        result.Outcome.Should().Be(ScenarioOutcome.Pass);
    }
}

using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Wire;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Running;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Tests.Fuzzing;

/// <summary>The runner's test seam on deliveries (<see cref="DeliveryInterceptor"/>): seen by the interceptor, unchanged without one.</summary>
public sealed class DeliveryInterceptorTests
{
    private const string Yaml = """
        name: interceptor-probe
        users:
          alice: 1
          bob: 1
        steps:
          - register: all
          - send: { from: alice, to: bob, text: "hello through the seam", as: m1 }
          - deliver: all
          - expect: { received: { by: bob, message: m1 } }
        """;

    [Test]
    public void The_interceptor_sees_every_delivery_by_device_name_and_an_unchanged_message_changes_nothing()
    {
        List<string> seen = [];
        ScenarioResult result = ScenarioRunner.Run(ScenarioLoader.Parse(Yaml, "probe.yaml"), CipherSuite.Ecc, null, ImplementationAssignment.Engine, (device, message) =>
        {
            seen.Add(device + " " + ProtoMsgKinds.Of(message));
            return message;
        });

        result.Passed.Should().BeTrue(result.Reason);
        seen.Should().Contain(["bob/1 invite", "alice/1 accept", "bob/1 one2one"]);
        result.Transcript.Should().Be(ScenarioRunner.Run(ScenarioLoader.Parse(Yaml, "probe.yaml"), CipherSuite.Ecc).Transcript);
    }

    [Test]
    public void A_message_the_interceptor_empties_is_consumed_and_does_nothing()
    {
        ScenarioResult result = ScenarioRunner.Run(ScenarioLoader.Parse(Yaml, "probe.yaml"), CipherSuite.Ecc, null, ImplementationAssignment.Engine, (_, message) =>
        {
            if (message.PayloadCase == ProtoMsg.PayloadOneofCase.AcceptMsg)
            {
                message.ClearPayload();
            }

            return message;
        });

        result.Passed.Should().BeFalse();
        result.Reason.Should().Contain("bob/1 has not decrypted m1");
    }
}

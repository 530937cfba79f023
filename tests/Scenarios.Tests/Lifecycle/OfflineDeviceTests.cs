using E2eeConformance.Scenarios.Running;
using static E2eeConformance.Scenarios.Tests.Lifecycle.LifecycleRun;

namespace E2eeConformance.Scenarios.Tests.Lifecycle;

/// <summary>
/// Issue 14 §1: an offline device gets nothing and sends nothing (its requests wait in its outbox, the engine keeping
/// them on <c>TransportUnavailableException</c>); online sends them and deliveries resume; the end-of-run heal brings it
/// online; what needs the server's answer or reaches the device directly fails the run with a sentence.
/// </summary>
[TestFixture]
public sealed class OfflineDeviceTests
{
    [Test]
    public void Nothing_reaches_an_offline_device_and_its_texts_wait_in_its_outbox_until_online()
    {
        ScenarioResult result = Steps("""
              - send: { from: alice, to: bob, text: "hello bob", as: m1 }
              - deliver: all
              - offline: bob/2
              - send: { from: alice, to: bob, text: "while away", as: m2 }
              - send: { from: bob/2, to: alice, text: "from the plane", as: r1 }
              - deliver: all
              - run_until_quiet
              - expect:
                  - received: { by: bob/1, message: m2 }
                  - server: { pending_for: bob/2, count: 1 }
                  - server: { pending_for: alice/1, count: 0 }
              - online: bob/2
              - deliver: all
              - expect:
                  - received: { by: [bob/2, bob/1], message: m2 }
                  - received: { by: alice, message: r1 }
                  - server: { pending_for: bob/2, count: 0 }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason + "\n" + result.Transcript);
        result.Transcript.Should().Contain("bob/2 offline").And.Contain("bob/2 online: start-up check, then its outbox");
    }

    [Test]
    public void A_received_expectation_names_the_offline_device_as_the_reason()
    {
        ScenarioResult result = Steps("""
              - send: { from: alice, to: bob, text: "hello bob", as: m0 }
              - deliver: all
              - offline: bob/2
              - send: { from: alice, to: bob, text: "while away", as: m1 }
              - deliver: all
              - expect: { received: { by: bob/2, message: m1 } }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Contain("bob/2 has not decrypted m1 (bob/2 is offline");
    }

    [Test]
    public void The_end_of_run_heal_brings_offline_devices_online_so_the_end_invariant_holds()
    {
        ScenarioResult result = Steps("""
              - offline: bob
              - send: { from: alice, to: bob, text: "while away", as: m1 }
              - deliver: all
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        string heal = result.Transcript[result.Transcript.IndexOf("# heal", StringComparison.Ordinal)..];
        heal.Should().Contain("bob/1 online").And.Contain("bob/2 online").And.Contain("bob/2 received m1");
    }

    [Test]
    public void A_group_change_by_an_offline_device_fails_the_run_with_a_sentence()
    {
        ScenarioResult result = Steps("""
              - offline: alice
              - create_group: { by: alice, name: g, members: [bob] }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().Be("expected alice/1 to be online for create_group (a group change needs the server's answer), but it is offline");
    }

    [Test]
    public void An_adversary_copy_cannot_reach_an_offline_device()
    {
        ScenarioResult result = Steps("""
              - send: { from: alice, to: bob, text: "hello bob", as: m1 }
              - deliver: all
              - offline: bob/1
              - replay: { message: m1, to: bob/1 }
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Fail);
        result.Reason.Should().StartWith("expected bob/1 to be online for the adversary's replayed copy");
    }

    [Test]
    public void A_signed_pre_key_renewal_while_offline_is_made_and_waits()
    {
        ScenarioResult result = Steps("""
              - offline: bob/2
              - advance_clock: 8d
              - expect: { state: { device: bob/2, signed_pre_key_id: 2 } }
              - online: bob/2
            """);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("bob/2 publishes 1 signed pre key (the request waits: offline)");
    }

    [Test]
    public void Online_for_a_device_that_is_online_says_so()
    {
        ScenarioResult result = Steps("  - online: bob/1\n");

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("bob/1 online already");
    }
}

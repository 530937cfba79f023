using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

/// <summary>
/// Issue 14 §2: msg_id is not authenticated, so a copy with a rewritten msg_id decrypts. The runner tracks the message,
/// not the id: the copy counts as the message it was made from (no false "no send step sent it"), and the original
/// arriving after it is the replay it is.
/// </summary>
public sealed class TamperedMsgIdTests
{
    [TestCase("ecc")]
    [TestCase("pqc")]
    public void A_copy_with_a_rewritten_msg_id_is_read_as_its_message_and_the_original_is_then_a_replay(string suite)
    {
        Scenario scenario = ScenarioLoader.Parse("""
            name: tamper-msg-id
            users: { alice: 1, bob: 1 }
            steps:
              - register: [alice, bob]
              - send: { from: alice, to: bob, text: "first", as: m1 }
              - deliver: all
              - send: { from: alice, to: bob, text: "second", as: m2 }
              - hold: m2
              - tamper: { message: m2, to: bob/1, field: msg_id }
              - expect: { received: { by: bob, message: m2, text: "second" } }
              - release: m2
              - deliver: all
              - expect: { error: { at: bob/1, code: replay, message: m2 } }
            """, "tamper-msg-id.yaml");
        CipherSuite.TryParse(suite, out CipherSuite? parsed).Should().BeTrue();

        ScenarioResult result = ScenarioRunner.Run(scenario, parsed!);

        result.Outcome.Should().Be(ScenarioOutcome.Pass, result.Reason);
        result.Transcript.Should().Contain("[tampered msg_id]: bob/1 received m2 \"second\"");
    }
}

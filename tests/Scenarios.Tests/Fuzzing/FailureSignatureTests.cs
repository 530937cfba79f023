using E2eeConformance.Scenarios.Fuzzing;

namespace E2eeConformance.Scenarios.Tests.Fuzzing;

/// <summary>What "fails the same way" means to the shrinker.</summary>
public sealed class FailureSignatureTests
{
    private static readonly string[] Users = ["alice", "bob", "carol"];

    [Test]
    public void Names_numbers_asides_and_later_violations_do_not_count()
    {
        string one = FailureSignature.Normalise("invariant violated: after every fault healed, every intended recipient decrypts — but bob/1 never decrypted m7; carol/2 never decrypted m8", Users);
        string other = FailureSignature.Normalise("invariant violated: after every fault healed, every intended recipient decrypts — but alice/2 never decrypted m1; it reported bad_tag", Users);
        one.Should().Be(other).And.Contain("DEVICE never decrypted MESSAGE");
        FailureSignature.Normalise("expected bob/1 to have group_members of g1 4, found 3 (alice/1, bob/1)", Users)
            .Should().Be("expected DEVICE to have group_members of GROUP N, found N");
    }

    [Test]
    public void Different_error_codes_and_found_values_are_different_failures()
    {
        FailureSignature.Normalise("unexpected protocol error(s), not claimed by an error expectation: bad_tag at bob/1 on one2one m3 — detail", Users)
            .Should().NotBe(FailureSignature.Normalise("unexpected protocol error(s), not claimed by an error expectation: replay at bob/1 on one2one m3 — detail", Users));
        FailureSignature.Normalise("expected bob/1 to have group_members of g1 4, found no keys for the group", Users)
            .Should().NotBe(FailureSignature.Normalise("expected bob/1 to have group_members of g1 4, found 3", Users));
    }

    [Test]
    public void The_step_is_its_keyword()
    {
        FailureSignature.StepKeyword("step 7 (line 23): send").Should().Be("send");
        FailureSignature.StepKeyword("end of run").Should().Be("end of run");
    }
}

using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.SenderKeys.Tests.Support;

internal static class Refusal
{
    /// <summary>Asserts that <paramref name="act"/> is refused with <paramref name="code"/>.</summary>
    public static SenderKeyException Expect(Action act, SenderKeyErrorCode code) =>
        act.Should().Throw<SenderKeyException>().Which.Should().Match<SenderKeyException>(e => e.Code == code, "the refusal names its code").And.Subject.As<SenderKeyException>();
}

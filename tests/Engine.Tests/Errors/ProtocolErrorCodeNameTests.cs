using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Engine.Tests.Errors;

/// <summary>
/// The stable names and numbers of the codes that tell a message without a key apart: scenarios and reports assert on
/// the names, saved results on the numbers, so neither may change.
/// </summary>
public sealed class ProtocolErrorCodeNameTests
{
    [TestCase(ProtocolErrorCode.Replay, "replay", 21)]
    [TestCase(ProtocolErrorCode.EvictedKey, "evicted_key", 36)]
    [TestCase(ProtocolErrorCode.SupersededChain, "superseded_chain", 37)]
    public void A_no_key_code_keeps_its_name_and_number(ProtocolErrorCode code, string name, int number)
    {
        code.Name().Should().Be(name);
        ((int)code).Should().Be(number);
        ProtocolErrorCodes.TryParse(name, out ProtocolErrorCode parsed).Should().BeTrue();
        parsed.Should().Be(code);
    }

    [Test]
    public void Every_code_has_its_own_number_and_its_own_name()
    {
        ProtocolErrorCode[] codes = Enum.GetValues<ProtocolErrorCode>();
        codes.Select(c => (int)c).Should().OnlyHaveUniqueItems();
        codes.Select(c => c.Name()).Should().OnlyHaveUniqueItems();
    }
}

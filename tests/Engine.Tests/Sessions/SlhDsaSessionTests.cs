using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Sessions;

/// <summary>
/// ML-KEM-1024 + SLH-DSA-SHA2-256s: one establishment and a round trip only (each account's signed pre-key signature
/// takes seconds).
/// </summary>
[TestFixture]
public sealed class SlhDsaSessionTests
{
    [Test]
    public void Establishment_and_a_round_trip_work_with_the_slh_dsa_suite()
    {
        CipherSuite.TryParse("mlkem1024-slhdsa256s", out CipherSuite? suite).Should().BeTrue();
        TwoParties p = TwoParties.Establish(suite!, "slh-dsa round trip");

        p.BobReceives(p.AliceSends("hello over slh-dsa")).Should().Be("hello over slh-dsa");
        p.AliceReceives(p.BobSends("and back")).Should().Be("and back");
        p.Bob.UnusedOneTimePreKeyCount.Should().Be(ProtocolLimits.OneTimePreKeyBatch - 1);
    }
}

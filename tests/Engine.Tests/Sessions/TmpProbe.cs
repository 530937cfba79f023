using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Tests.Support;
using static E2eeConformance.Engine.Tests.Support.Tamper;
namespace E2eeConformance.Engine.Tests.Sessions;
using Wire = E2eeConformance.Engine.Wire;
[TestFixture]
public sealed class TmpProbe
{
    [Test]
    public void Probe()
    {
        TwoParties p = TwoParties.Establish(CipherSuite.Ecc, "probe");
        p.BobReceives(p.AliceSends("a0"));
        p.AliceReceives(p.BobSends("b0"));
        var a = p.AliceSendsMany("n", 3);
        TestContext.Out.WriteLine(p.BobReceives(Payload(a[0], x => x.RatchetKey = FlipBit(x.RatchetKey, 31, 7))));
        try { TestContext.Out.WriteLine(p.BobReceives(a[1])); } catch (Exception e) { TestContext.Out.WriteLine(e.Message); }
        p.AliceReceives(p.BobSends("b1"));
        var c = p.AliceSends("c0");
        TestContext.Out.WriteLine(p.BobReceives(c) + " skipped " + p.BobSession.Ratchet.SkippedKeys.Count);
        try { TestContext.Out.WriteLine(p.BobReceives(a[2])); } catch (Exception e) { TestContext.Out.WriteLine(e.Message); }
    }
}

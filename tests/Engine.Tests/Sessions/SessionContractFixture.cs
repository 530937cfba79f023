using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Sessions;

/// <summary>
/// The base of the one-to-one session contract fixtures, which run over every suite except SLH-DSA (whose signing is too
/// slow for a full fixture; see <see cref="SlhDsaSessionTests"/>): establishment (seed 000 §PQKA; REFERENCE-BEHAVIOUR
/// §18–24, 42), the double ratchet (seed 000 §One2one message; REFERENCE-BEHAVIOUR §26–32), compute-then-commit on every
/// failure, and each <see cref="ProtocolLimits"/> bound at the bound and one past it.
/// </summary>
public abstract class SessionContractFixture(string suiteName) : CipherSuiteFixture(suiteName)
{
    /// <summary>The suites the one-to-one contract runs over.</summary>
    public static readonly string[] Suites = ["pqc", "ecc", "mlkem512-mldsa44", "mlkem768-mldsa65"];

    private protected TwoParties Establish(string label, bool withOneTimePreKey = true) => TwoParties.Establish(Suite, label, withOneTimePreKey);

    private protected static string Label([System.Runtime.CompilerServices.CallerMemberName] string test = "") => test;
}

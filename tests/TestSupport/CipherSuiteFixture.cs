using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.TestSupport;

/// <summary>
/// The base of a contract fixture that runs once per cipher suite (STYLE #11): NUnit passes the suite's name
/// (<c>[TestFixtureSource]</c> or <c>[TestFixture("ecc")]</c>) and <see cref="Suite"/> is that suite.
/// </summary>
public abstract class CipherSuiteFixture
{
    /// <summary>Parses <paramref name="suiteName"/>; an unknown name fails the fixture with an <see cref="ArgumentException"/>.</summary>
    protected CipherSuiteFixture(string suiteName)
    {
        Suite = CipherSuites.Named(suiteName);
    }

    /// <summary>The cipher suite this fixture instance runs with.</summary>
    protected CipherSuite Suite { get; }
}

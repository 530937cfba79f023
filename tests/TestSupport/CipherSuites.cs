using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.TestSupport;

/// <summary>Cipher suites by the names that tests and scenario files use (<c>ecc</c>, <c>pqc</c>, <c>mlkem512-mldsa44</c>, …).</summary>
public static class CipherSuites
{
    /// <summary>The suite called <paramref name="suiteName"/>; an unknown name throws an <see cref="ArgumentException"/>.</summary>
    public static CipherSuite Named(string suiteName) =>
        CipherSuite.TryParse(suiteName, out CipherSuite? suite)
            ? suite
            : throw new ArgumentException($"unknown suite {suiteName}", nameof(suiteName));
}

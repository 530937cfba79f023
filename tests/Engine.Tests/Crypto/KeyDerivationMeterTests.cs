using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// <see cref="KeyDerivationMeter"/>: every HKDF and chain-key HMAC of the thread is counted into the open scopes, nested
/// scopes count into their enclosing ones, a closed scope counts no more, and other threads do not count.
/// </summary>
[TestFixture]
public sealed class KeyDerivationMeterTests
{
    private static readonly byte[] Key = new byte[32];

    [Test]
    public void Hkdf_and_chain_steps_are_counted_into_the_open_scopes()
    {
        using KeyDerivationMeter.Scope outer = KeyDerivationMeter.Begin();
        Kdf.Hkdf(Key, [], Kdf.Labels.Root, 32);
        long inner;
        using (KeyDerivationMeter.Scope scope = KeyDerivationMeter.Begin())
        {
            using ChainKey chain = ChainKey.Create(0, Key);
            using ChainKey next = chain.Next();
            using MessageKey mk = next.MessageKey();
            inner = scope.Derivations;
        }

        Kdf.Hmac(Key, Key);

        inner.Should().Be(2, "a chain step (HMAC) and a message key (HKDF)");
        outer.Derivations.Should().Be(4);
    }

    [Test]
    public void A_closed_scope_counts_no_more_and_other_threads_do_not_count()
    {
        KeyDerivationMeter.Scope scope = KeyDerivationMeter.Begin();
        Thread other = new(() => Kdf.Hkdf(Key, [], Kdf.Labels.Root, 32));
        other.Start();
        other.Join();
        scope.Dispose();
        Kdf.Hkdf(Key, [], Kdf.Labels.Root, 32);

        scope.Derivations.Should().Be(0);
    }
}

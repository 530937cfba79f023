namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// Counts the key derivations (<see cref="Kdf.Hkdf(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>
/// and the chain-key HMAC steps, <see cref="Kdf.Hmac(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>) the
/// current thread makes while a <see cref="Scope"/> is open — the cost measure of a scenario step's <c>cost:
/// { max_key_derivations }</c> (issue 14: a rejection must be cheap). Per thread, so runs on other threads are not
/// counted; without an open scope a derivation costs one thread-static read.
/// </summary>
public static class KeyDerivationMeter
{
    [ThreadStatic]
    private static Scope? _current;

    /// <summary>Opens a scope on this thread; derivations are counted into it (and into the scopes it is nested in) until it is disposed.</summary>
    public static Scope Begin()
    {
        var scope = new Scope(_current);
        _current = scope;
        return scope;
    }

    /// <summary>Counts one derivation into the open scopes of this thread.</summary>
    internal static void Count()
    {
        for (Scope? s = _current; s is not null; s = s.Outer)
        {
            s.Derivations++;
        }
    }

    /// <summary>One counting scope; dispose it on the thread that opened it.</summary>
    public sealed class Scope : IDisposable
    {
        internal Scope(Scope? outer) => Outer = outer;

        /// <summary>The key derivations counted so far.</summary>
        public long Derivations { get; internal set; }

        internal Scope? Outer { get; }

        /// <summary>Stops counting into this scope (the enclosing one, if any, counts on).</summary>
        public void Dispose()
        {
            if (ReferenceEquals(_current, this))
            {
                _current = Outer;
            }
        }
    }
}

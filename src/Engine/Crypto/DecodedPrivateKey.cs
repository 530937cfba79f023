using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A post-quantum private key decoded once from its raw encoding and kept on its <see cref="KeyPair"/>
/// (<see cref="KeyPair.SchemeCache"/>), so repeated use of one pair does not decode it again: ML-DSA's decoding derives
/// t1 from A·s1 + s2 (matrix expansion and NTTs, the larger part of a signature's cost), ML-KEM's hashes ek for the
/// FIPS 203 §7.3 check.
/// <para>
/// It holds secret material, so it follows the rules of <see cref="SecretBytes"/> as far as BouncyCastle's key objects
/// allow: only its pair refers to it (there is no process-wide cache) and it goes away with the pair; <see cref="ToString"/>
/// names the scheme, never the key; and it is used only while the pair's private key is not disposed — once the bytes
/// are wiped the scheme decodes them as the span overload does, so the two paths always give the same output.
/// </para>
/// </summary>
internal sealed class DecodedPrivateKey
{
    private readonly object _key;

    private DecodedPrivateKey(object scheme, object key)
    {
        Scheme = scheme;
        _key = key;
    }

    /// <summary>The scheme instance (one parameter set) that decoded the key; only that scheme uses it.</summary>
    public object Scheme { get; }

    /// <summary>
    /// <paramref name="pair"/>'s private key decoded by <paramref name="scheme"/>: the one kept on the pair, or decoded with
    /// <paramref name="decode"/> (from a copy of the bytes, wiped afterwards) and kept. Two threads racing here decode
    /// the same key; either may win. A decoding error propagates and nothing is kept.
    /// </summary>
    public static TKey Of<TKey>(KeyPair pair, object scheme, Func<byte[], TKey> decode)
        where TKey : class
    {
        if (pair.PrivateKey.IsDisposed)
        {
            pair.SchemeCache = null;
            return Decode(pair.PrivateKey.Span, decode);
        }

        if (pair.SchemeCache is DecodedPrivateKey cached && ReferenceEquals(cached.Scheme, scheme) && cached._key is TKey key)
        {
            return key;
        }

        TKey decoded = Decode(pair.PrivateKey.Span, decode);
        pair.SchemeCache = new DecodedPrivateKey(scheme, decoded);
        return decoded;
    }

    /// <summary>Decodes <paramref name="encoding"/> from a copy that is wiped afterwards (BouncyCastle takes arrays and copies out of them).</summary>
    public static TKey Decode<TKey>(ReadOnlySpan<byte> encoding, Func<byte[], TKey> decode)
    {
        byte[] copy = encoding.ToArray();
        try
        {
            return decode(copy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"DecodedPrivateKey({Scheme}, not shown)";
}

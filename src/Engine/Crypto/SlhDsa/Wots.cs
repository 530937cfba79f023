using System.Security.Cryptography;

namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// WOTS+ one-time signatures (FIPS 205 §5) with w = 16 and len = 67 chains: the chaining function (Alg. 5), public
/// key generation (Alg. 6) and signing (Alg. 7). Verification (Alg. 8) is BouncyCastle's, with the whole of
/// <c>slh_verify</c>.
/// </summary>
internal static class Wots
{
    private const int N = SlhParameters.N;

    /// <summary>
    /// FIPS 205 Alg. 5 <c>chain(X, i, s, PK.seed, ADRS)</c>, in place: applies F <paramref name="steps"/> times to the
    /// n bytes of <paramref name="x"/>, with hash addresses start, …, start + steps − 1.
    /// </summary>
    public static void Chain(ref SlhHash hash, in Address address, Span<byte> x, int start, int steps) =>
        hash.Chain(address, x, start, steps);

    /// <summary>
    /// FIPS 205 Alg. 6 <c>wots_pkGen(SK.seed, PK.seed, ADRS)</c>: the compressed WOTS+ public key of the key pair whose
    /// layer, tree and key pair address <paramref name="address"/> (type WOTS_HASH) holds, into the first n bytes of
    /// <paramref name="publicKey"/>.
    /// </summary>
    public static void PublicKey(ref SlhHash hash, Address address, Span<byte> publicKey)
    {
        Address skAddress = address;
        skAddress.SetTypeAndClear(AddressType.WotsPrf);
        skAddress.SetKeyPairAddress(address.GetKeyPairAddress());
        Span<byte> ends = stackalloc byte[SlhParameters.WotsSignatureLength];
        for (int i = 0; i < SlhParameters.Len; i++)
        {
            Span<byte> chain = ends.Slice(i * N, N);
            skAddress.SetChainAddress((uint)i);
            hash.Prf(skAddress, chain);
            address.SetChainAddress((uint)i);
            Chain(ref hash, address, chain, 0, SlhParameters.W - 1);
        }

        Address pkAddress = address;
        pkAddress.SetTypeAndClear(AddressType.WotsPk);
        pkAddress.SetKeyPairAddress(address.GetKeyPairAddress());
        hash.T(pkAddress, ends, publicKey);
    }

    /// <summary>
    /// FIPS 205 Alg. 7 <c>wots_sign(M, SK.seed, PK.seed, ADRS)</c>: signs the n-byte <paramref name="message"/> with the
    /// key pair of <paramref name="address"/> (type WOTS_HASH), writing len·n bytes to <paramref name="signature"/>.
    /// </summary>
    public static void Sign(ref SlhHash hash, ReadOnlySpan<byte> message, Address address, Span<byte> signature)
    {
        Span<byte> digits = stackalloc byte[SlhParameters.Len];
        Digits(message, digits);

        Address skAddress = address;
        skAddress.SetTypeAndClear(AddressType.WotsPrf);
        skAddress.SetKeyPairAddress(address.GetKeyPairAddress());
        for (int i = 0; i < SlhParameters.Len; i++)
        {
            Span<byte> chain = signature.Slice(i * N, N);
            skAddress.SetChainAddress((uint)i);
            hash.Prf(skAddress, chain);
            address.SetChainAddress((uint)i);
            Chain(ref hash, address, chain, 0, digits[i]);
        }

        CryptographicOperations.ZeroMemory(digits);
    }

    /// <summary>
    /// The len base-w digits that WOTS+ signs (FIPS 205 Alg. 7 lines 1–9): the len1 = 64 nibbles of the message
    /// (base_2b, most significant first), then the checksum Σ(w − 1 − msg[i]) shifted left by 4 bits and written as
    /// len2 = 3 nibbles of its two big-endian bytes.
    /// </summary>
    public static void Digits(ReadOnlySpan<byte> message, Span<byte> digits)
    {
        message = message[..N];
        int checksum = 0;
        for (int i = 0; i < N; i++)
        {
            int high = message[i] >> 4, low = message[i] & 0x0F;
            digits[2 * i] = (byte)high;
            digits[(2 * i) + 1] = (byte)low;
            checksum += (2 * (SlhParameters.W - 1)) - high - low;
        }

        // ((8 − (len2·lg_w mod 8)) mod 8) = 4: the 12 checksum bits fill the top of toByte(csum, 2).
        checksum <<= 4;
        digits[SlhParameters.Len1] = (byte)((checksum >> 12) & 0x0F);
        digits[SlhParameters.Len1 + 1] = (byte)((checksum >> 8) & 0x0F);
        digits[SlhParameters.Len1 + 2] = (byte)((checksum >> 4) & 0x0F);
    }
}

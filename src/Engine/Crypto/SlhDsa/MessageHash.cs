using System.Buffers.Binary;
using System.Security.Cryptography;
using E2eeConformance.Engine.Crypto.Hashing;

namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// The message functions of SLH-DSA with SHA2 for security category 5 (FIPS 205 §11.2.2), each used once per signature:
/// PRF_msg(SK.prf, opt_rand, M) = Trunc_n(HMAC-SHA-512(SK.prf, opt_rand ‖ M)) and
/// H_msg(R, PK.seed, PK.root, M) = MGF1-SHA-512(R ‖ PK.seed ‖ SHA-512(R ‖ PK.seed ‖ PK.root ‖ M), m).
/// The message is given as a prefix and a body, so that M′ = 0x00 ‖ 0x00 ‖ M of pure signing with an empty context
/// (FIPS 205 Alg. 22) is hashed without copying M.
/// </summary>
internal static class MessageHash
{
    private const int N = SlhParameters.N;
    private const byte Ipad = 0x36;
    private const byte Opad = 0x5c;

    /// <summary>R = PRF_msg(SK.prf, opt_rand, prefix ‖ message) into the first n bytes of <paramref name="r"/> (HMAC per RFC 2104).</summary>
    public static void PrfMsg(ReadOnlySpan<byte> skPrf, ReadOnlySpan<byte> optRand, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> message, Span<byte> r)
    {
        Sha512Block padBlock = default;
        Span<byte> pad = padBlock;
        Span<byte> digest = stackalloc byte[Sha512Compression.DigestLength];
        Sha512Hasher hasher = Sha512Hasher.Create();
        try
        {
            // SK.prf (n < 128 bytes) is its own K0 after zero padding.
            KeyPad(skPrf[..N], pad, Ipad);
            hasher.Append(pad);
            hasher.Append(optRand);
            hasher.Append(prefix);
            hasher.Append(message);
            hasher.Finish(digest);

            KeyPad(skPrf[..N], pad, Opad);
            hasher = Sha512Hasher.Create();
            hasher.Append(pad);
            hasher.Append(digest);
            hasher.Finish(digest);
            digest[..N].CopyTo(r);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pad);
            CryptographicOperations.ZeroMemory(digest);
            hasher.Clear();
        }
    }

    /// <summary>H_msg(R, PK.seed, PK.root, prefix ‖ message) into the first m = 49 bytes of <paramref name="digest"/> (MGF1 per RFC 8017 §B.2.1).</summary>
    public static void HMsg(ReadOnlySpan<byte> r, ReadOnlySpan<byte> pkSeed, ReadOnlySpan<byte> pkRoot, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> message, Span<byte> digest)
    {
        // The MGF1 input: R ‖ PK.seed ‖ SHA-512(R ‖ PK.seed ‖ PK.root ‖ M′) ‖ counter (4 bytes).
        Span<byte> seed = stackalloc byte[(2 * N) + Sha512Compression.DigestLength + 4];
        r[..N].CopyTo(seed);
        pkSeed[..N].CopyTo(seed[N..]);
        Sha512Hasher hasher = Sha512Hasher.Create();
        hasher.Append(r[..N]);
        hasher.Append(pkSeed[..N]);
        hasher.Append(pkRoot[..N]);
        hasher.Append(prefix);
        hasher.Append(message);
        hasher.Finish(seed[(2 * N)..]);

        Span<byte> block = stackalloc byte[Sha512Compression.DigestLength];
        digest = digest[..SlhParameters.M];
        for (int counter = 0, offset = 0; offset < digest.Length; counter++, offset += block.Length)
        {
            BinaryPrimitives.WriteInt32BigEndian(seed[^4..], counter);
            Sha512Hasher.Hash(seed, block);
            block[..Math.Min(block.Length, digest.Length - offset)].CopyTo(digest[offset..]);
        }
    }

    private static void KeyPad(ReadOnlySpan<byte> key, Span<byte> pad, byte padByte)
    {
        pad.Fill(padByte);
        for (int i = 0; i < key.Length; i++)
        {
            pad[i] ^= key[i];
        }
    }
}

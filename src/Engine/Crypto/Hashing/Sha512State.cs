using System.Buffers.Binary;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// The eight 64-bit working words H0..H7 of SHA-512 (FIPS 180-4 §6.4): the initial value, or a midstate after some
/// whole 128-byte blocks (SLH-DSA hashes its PK.seed block once per key and resumes from there). Plain fields, in the
/// order of OpenSSL's <c>SHA512_CTX.h</c>, like <see cref="Sha256State"/>.
/// </summary>
internal struct Sha512State
{
    public ulong H0;
    public ulong H1;
    public ulong H2;
    public ulong H3;
    public ulong H4;
    public ulong H5;
    public ulong H6;
    public ulong H7;

    /// <summary>H(0) of FIPS 180-4 §5.3.5.</summary>
    public static Sha512State Initial => new()
    {
        H0 = 0x6a09e667f3bcc908,
        H1 = 0xbb67ae8584caa73b,
        H2 = 0x3c6ef372fe94f82b,
        H3 = 0xa54ff53a5f1d36f1,
        H4 = 0x510e527fade682d1,
        H5 = 0x9b05688c2b3e6c1f,
        H6 = 0x1f83d9abfb41bd6b,
        H7 = 0x5be0cd19137e2179,
    };

    /// <summary>The 64-byte big-endian digest encoding of the state.</summary>
    public readonly void WriteDigest(Span<byte> digest)
    {
        digest = digest[..Sha512Compression.DigestLength];
        BinaryPrimitives.WriteUInt64BigEndian(digest[56..], H7);
        BinaryPrimitives.WriteUInt64BigEndian(digest, H0);
        BinaryPrimitives.WriteUInt64BigEndian(digest[8..], H1);
        BinaryPrimitives.WriteUInt64BigEndian(digest[16..], H2);
        BinaryPrimitives.WriteUInt64BigEndian(digest[24..], H3);
        BinaryPrimitives.WriteUInt64BigEndian(digest[32..], H4);
        BinaryPrimitives.WriteUInt64BigEndian(digest[40..], H5);
        BinaryPrimitives.WriteUInt64BigEndian(digest[48..], H6);
    }

    /// <summary>The first 32 bytes of the digest encoding (H0..H3): SHA-512 truncated to n = 32 bytes.</summary>
    public readonly void WriteDigest32(Span<byte> digest)
    {
        digest = digest[..32];
        BinaryPrimitives.WriteUInt64BigEndian(digest[24..], H3);
        BinaryPrimitives.WriteUInt64BigEndian(digest, H0);
        BinaryPrimitives.WriteUInt64BigEndian(digest[8..], H1);
        BinaryPrimitives.WriteUInt64BigEndian(digest[16..], H2);
    }
}

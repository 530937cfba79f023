using System.Buffers.Binary;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// The eight 32-bit working words H0..H7 of SHA-256 (FIPS 180-4 §6.2): the initial value, or a midstate after some
/// whole 64-byte blocks. A midstate is what lets HMAC skip the key block of a key it has already seen. Plain fields
/// (not an inline array) so the compression function keeps them in registers.
/// </summary>
internal struct Sha256State
{
    public uint H0;
    public uint H1;
    public uint H2;
    public uint H3;
    public uint H4;
    public uint H5;
    public uint H6;
    public uint H7;

    /// <summary>H(0) of FIPS 180-4 §5.3.3.</summary>
    public static Sha256State Initial => new()
    {
        H0 = 0x6a09e667,
        H1 = 0xbb67ae85,
        H2 = 0x3c6ef372,
        H3 = 0xa54ff53a,
        H4 = 0x510e527f,
        H5 = 0x9b05688c,
        H6 = 0x1f83d9ab,
        H7 = 0x5be0cd19,
    };

    /// <summary>The 32-byte big-endian digest encoding of the state.</summary>
    public readonly void WriteDigest(Span<byte> digest)
    {
        digest = digest[..Sha256Compression.DigestLength];
        BinaryPrimitives.WriteUInt32BigEndian(digest[28..], H7);
        BinaryPrimitives.WriteUInt32BigEndian(digest, H0);
        BinaryPrimitives.WriteUInt32BigEndian(digest[4..], H1);
        BinaryPrimitives.WriteUInt32BigEndian(digest[8..], H2);
        BinaryPrimitives.WriteUInt32BigEndian(digest[12..], H3);
        BinaryPrimitives.WriteUInt32BigEndian(digest[16..], H4);
        BinaryPrimitives.WriteUInt32BigEndian(digest[20..], H5);
        BinaryPrimitives.WriteUInt32BigEndian(digest[24..], H6);
    }
}

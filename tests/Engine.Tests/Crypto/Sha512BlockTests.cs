using System.Buffers.Binary;
using System.Security.Cryptography;
using CsCheck;
using E2eeConformance.Engine.Crypto.Hashing;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The two SHA-512 compression functions behind SLH-DSA's H, T and message hashes: OpenSSL's block function
/// (<see cref="OpenSslSha512Block"/>, used where it loads) and the portable code (FIPS 180-4 §6.4), each checked against
/// .NET's SHA-512 and against each other, and the incremental <see cref="Sha512Hasher"/> over them.
/// </summary>
[TestFixture]
public sealed class Sha512BlockTests
{
    private static Sha512State StateOf(ulong[] words) => new()
    {
        H0 = words[0], H1 = words[1], H2 = words[2], H3 = words[3], H4 = words[4], H5 = words[5], H6 = words[6], H7 = words[7],
    };

    /// <summary>SHA-512 of <paramref name="message"/> padded by hand (FIPS 180-4 §5.1.2) and compressed by the portable code only.</summary>
    private static byte[] PortableDigest(byte[] message)
    {
        int padded = (message.Length + 17 + Sha512Compression.BlockLength - 1) / Sha512Compression.BlockLength * Sha512Compression.BlockLength;
        byte[] blocks = new byte[padded];
        message.CopyTo(blocks, 0);
        blocks[message.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(blocks.AsSpan(padded - 8), (ulong)message.Length * 8);
        Sha512State state = Sha512State.Initial;
        Sha512Compression.CompressPortable(ref state, blocks);
        byte[] digest = new byte[64];
        state.WriteDigest(digest);
        return digest;
    }

    [Test]
    public void The_library_block_function_is_used_where_libcrypto_3_exports_it()
    {
        bool exported = System.Runtime.InteropServices.NativeLibrary.TryLoad("libcrypto.so.3", out IntPtr handle)
            && System.Runtime.InteropServices.NativeLibrary.TryGetExport(handle, "SHA512_Transform", out _);
        bool forcedPortable = string.Equals(Environment.GetEnvironmentVariable("E2EE_SHA512"), "portable", StringComparison.OrdinalIgnoreCase);
        OpenSslSha512Block.Available.Should().Be(exported && !forcedPortable);
    }

    [Test]
    public void The_portable_compression_gives_dotnets_SHA512_for_every_padding_case()
    {
        // Lengths 0 … 300 cross every padding boundary (111/112 bytes, 239/240) and several whole blocks.
        for (int length = 0; length <= 300; length++)
        {
            byte[] message = new byte[length];
            for (int i = 0; i < length; i++)
            {
                message[i] = unchecked((byte)((i * 131) + length));
            }

            PortableDigest(message).Should().Equal(SHA512.HashData(message), $"a {length}-byte message");
        }

        Gen.Byte.Array[0, 1000].Sample(message => PortableDigest(message).AsSpan().SequenceEqual(SHA512.HashData(message)), iter: 200);
    }

    [Test]
    public void Library_and_portable_compression_agree_on_random_states_and_blocks()
    {
        if (!OpenSslSha512Block.Available)
        {
            Assert.Ignore("libcrypto.so.3 with SHA512_Transform is not on this machine: only the portable code runs");
        }

        Gen.Select(Gen.ULong.Array[8], Gen.Int[0, 4].SelectMany(n => Gen.Byte.Array[n * Sha512Compression.BlockLength]))
            .Sample((words, blocks) =>
            {
                Sha512State library = StateOf(words), portable = StateOf(words);
                OpenSslSha512Block.Compress(ref library, blocks);
                Sha512Compression.CompressPortable(ref portable, blocks);
                return library.Equals(portable);
            }, iter: 2_000);
    }

    [Test]
    public void Both_give_the_FIPS_180_2_digest_of_abc()
    {
        byte[] block = new byte[Sha512Compression.BlockLength];
        "abc"u8.CopyTo(block);
        block[3] = 0x80;
        block[127] = 24; // the message length in bits
        byte[] expected = Convert.FromHexString(
            "DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F");
        foreach (bool portable in new[] { true, false })
        {
            Sha512State state = Sha512State.Initial;
            if (portable)
            {
                Sha512Compression.CompressPortable(ref state, block);
            }
            else
            {
                Sha512Compression.Compress(ref state, block);
            }

            byte[] digest = new byte[64];
            state.WriteDigest(digest);
            digest.Should().Equal(expected, portable ? "the portable code" : "the code in use");
            byte[] truncated = new byte[32];
            state.WriteDigest32(truncated);
            truncated.Should().Equal(expected[..32]);
        }
    }

    [Test]
    public void The_hasher_gives_dotnets_SHA512_whatever_the_pieces_it_is_fed_in()
    {
        Gen.Select(Gen.Byte.Array[0, 700], Gen.Int[1, 200])
            .Sample((message, piece) =>
            {
                Sha512Hasher hasher = Sha512Hasher.Create();
                for (int offset = 0; offset < message.Length; offset += piece)
                {
                    hasher.Append(message.AsSpan(offset, Math.Min(piece, message.Length - offset)));
                }

                byte[] digest = new byte[64];
                hasher.Finish(digest);
                return digest.AsSpan().SequenceEqual(SHA512.HashData(message));
            }, iter: 500);
    }

    [Test]
    public void A_hasher_resumed_from_a_midstate_continues_the_message()
    {
        byte[] message = new byte[3 * Sha512Compression.BlockLength + 45];
        for (int i = 0; i < message.Length; i++)
        {
            message[i] = (byte)(i % 251);
        }

        Sha512State midstate = Sha512State.Initial;
        Sha512Compression.Compress(ref midstate, message.AsSpan(0, 2 * Sha512Compression.BlockLength));
        Sha512Hasher hasher = Sha512Hasher.Resume(midstate, 2 * Sha512Compression.BlockLength);
        hasher.Append(message.AsSpan(2 * Sha512Compression.BlockLength));
        byte[] digest = new byte[64];
        hasher.Finish(digest);
        digest.Should().Equal(SHA512.HashData(message));

        FluentActions.Invoking(() => Sha512Hasher.Resume(midstate, 100)).Should().Throw<ArgumentException>();
    }

    [Test]
    public void A_partial_block_is_refused_by_both()
    {
        byte[] blocks = new byte[Sha512Compression.BlockLength + 1];
        Sha512State state = Sha512State.Initial;
        FluentActions.Invoking(() => Sha512Compression.Compress(ref state, blocks)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Sha512Compression.CompressPortable(ref state, blocks)).Should().Throw<ArgumentException>();
    }
}

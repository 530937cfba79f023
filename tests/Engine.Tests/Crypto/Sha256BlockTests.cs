using CsCheck;
using E2eeConformance.Engine.Crypto.Hashing;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The two SHA-256 compression functions behind the engine's hashing: OpenSSL's block function
/// (<see cref="OpenSslSha256Block"/>, used where it loads) and the portable code. They must agree on every block and
/// chaining value; the known answers of <see cref="KdfTests"/> run through whichever the process uses.
/// </summary>
[TestFixture]
public sealed class Sha256BlockTests
{
    private static Sha256State StateOf(uint[] words) => new()
    {
        H0 = words[0], H1 = words[1], H2 = words[2], H3 = words[3], H4 = words[4], H5 = words[5], H6 = words[6], H7 = words[7],
    };

    [Test]
    public void The_library_block_function_is_used_where_libcrypto_3_exports_it()
    {
        bool exported = System.Runtime.InteropServices.NativeLibrary.TryLoad("libcrypto.so.3", out IntPtr handle)
            && System.Runtime.InteropServices.NativeLibrary.TryGetExport(handle, "SHA256_Transform", out _);
        bool forcedPortable = string.Equals(Environment.GetEnvironmentVariable("E2EE_SHA256"), "portable", StringComparison.OrdinalIgnoreCase);
        OpenSslSha256Block.Available.Should().Be(exported && !forcedPortable);
    }

    [Test]
    public void Library_and_portable_compression_agree_on_random_states_and_blocks()
    {
        if (!OpenSslSha256Block.Available)
        {
            Assert.Ignore("libcrypto.so.3 with SHA256_Transform is not on this machine: only the portable code runs");
        }

        Gen.Select(Gen.UInt.Array[8], Gen.Int[0, 4].SelectMany(n => Gen.Byte.Array[n * Sha256Compression.BlockLength]))
            .Sample((words, blocks) =>
            {
                Sha256State library = StateOf(words), portable = StateOf(words);
                OpenSslSha256Block.Compress(ref library, blocks);
                Sha256Compression.CompressPortable(ref portable, blocks);
                return library.Equals(portable);
            }, iter: 2_000);
    }

    [Test]
    public void Both_give_the_FIPS_180_2_digest_of_abc()
    {
        byte[] block = new byte[Sha256Compression.BlockLength];
        "abc"u8.CopyTo(block);
        block[3] = 0x80;
        block[63] = 24; // the message length in bits
        byte[] expected = Convert.FromHexString("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
        foreach (bool portable in new[] { true, false })
        {
            Sha256State state = Sha256State.Initial;
            if (portable)
            {
                Sha256Compression.CompressPortable(ref state, block);
            }
            else
            {
                Sha256Compression.Compress(ref state, block);
            }

            byte[] digest = new byte[32];
            state.WriteDigest(digest);
            digest.Should().Equal(expected, portable ? "the portable code" : "the code in use");
        }
    }

    [Test]
    public void A_partial_block_is_refused_by_both()
    {
        byte[] blocks = new byte[Sha256Compression.BlockLength + 1];
        Sha256State state = Sha256State.Initial;
        FluentActions.Invoking(() => Sha256Compression.Compress(ref state, blocks)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Sha256Compression.CompressPortable(ref state, blocks)).Should().Throw<ArgumentException>();
    }

    [Test]
    public void A_whole_message_hashes_as_dotnet_hashes_it_on_both_sides_of_the_length_switch()
    {
        Gen.Int[0, 3 * Sha256OneShot.ShortInput].SelectMany(n => Gen.Byte.Array[n]).Sample(data =>
        {
            byte[] digest = new byte[32];
            Sha256OneShot.Hash(data, digest);
            return digest.AsSpan().SequenceEqual(System.Security.Cryptography.SHA256.HashData(data));
        }, iter: 500);
    }
}

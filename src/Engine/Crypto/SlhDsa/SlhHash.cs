using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using E2eeConformance.Engine.Crypto.Hashing;

namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// The tweakable hash functions of SLH-DSA with SHA2 for security category 5 (FIPS 205 §11.2.2), for one key and one
/// worker thread:
/// <list type="bullet">
/// <item><description>PRF(PK.seed, SK.seed, ADRS) = SHA-256(PK.seed ‖ toByte(0, 64 − n) ‖ ADRSc ‖ SK.seed);</description></item>
/// <item><description>F(PK.seed, ADRS, M1) = SHA-256(PK.seed ‖ toByte(0, 64 − n) ‖ ADRSc ‖ M1);</description></item>
/// <item><description>H(PK.seed, ADRS, M2) = Trunc_n(SHA-512(PK.seed ‖ toByte(0, 128 − n) ‖ ADRSc ‖ M2));</description></item>
/// <item><description>T_l(PK.seed, ADRS, M) = Trunc_n(SHA-512(PK.seed ‖ toByte(0, 128 − n) ‖ ADRSc ‖ M)).</description></item>
/// </list>
/// The first block of each hash (PK.seed and zeros) is the same for the whole key, so it is compressed once, into a
/// SHA-256 and a SHA-512 midstate (<see cref="Create"/>). ADRSc (22 bytes) and an n-byte input then fill a single
/// SHA-256 block with its padding (22 + 32 + 9 ≤ 64), and ADRSc and 2n bytes a single SHA-512 block (22 + 64 + 17 ≤ 128):
/// each PRF and F is one SHA-256 compression, each H one SHA-512 compression, with the padding written once.
/// <para>
/// A mutable value type that holds SK.seed and secret chaining values: each worker keeps its own copy in a local, and
/// <see cref="Clear"/> wipes it when the worker is done. It allocates nothing.
/// </para>
/// </summary>
internal partial struct SlhHash
{
    private const int N = SlhParameters.N;
    private const int Adrs = Address.CompressedLength;

    /// <summary>The bit length of PK.seed ‖ zeros ‖ ADRSc ‖ n bytes: one SHA-256 block and 54 bytes.</summary>
    private const ulong FBitLength = (Sha256Compression.BlockLength + Adrs + N) * 8;

    /// <summary>The bit length of PK.seed ‖ zeros ‖ ADRSc ‖ 2n bytes: one SHA-512 block and 86 bytes.</summary>
    private const ulong HBitLength = (Sha512Compression.BlockLength + Adrs + (2 * N)) * 8;

    private Sha256State _seeded256;
    private Sha512State _seeded512;
    private Seed _skSeed;
    private Sha256Block _fBlock;
    private Sha512Block _hBlock;
    private OpenSslSha256Block.Context _context256;
    private OpenSslSha512Block.Context _context512;
    private bool _library256;
    private bool _library512;
    private bool _lanes;

    /// <summary>
    /// Prepares the hash functions of the key (PK.seed, SK.seed): compresses PK.seed ‖ toByte(0, 64 − n) and
    /// PK.seed ‖ toByte(0, 128 − n) once, and writes the padding of the single-block F and H inputs. The single blocks
    /// go through OpenSSL's block functions where they are available (<see cref="OpenSslSha256Block"/>,
    /// <see cref="OpenSslSha512Block"/>), and independent hashes go sixteen or eight at a time through AVX-512 lanes
    /// where the processor has them (<see cref="UsesLanes"/>), unless <paramref name="portable"/> (for tests of the portable path; the
    /// midstates and T_l use <see cref="Sha256Compression"/> and <see cref="Sha512Compression"/> either way). Written
    /// in place through <paramref name="hash"/>, so that no temporary copy of SK.seed is left on the stack.
    /// </summary>
    public static void Create(out SlhHash hash, ReadOnlySpan<byte> pkSeed, ReadOnlySpan<byte> skSeed, bool portable = false)
    {
        if (pkSeed.Length != N || skSeed.Length != N)
        {
            Errors.ThrowHelper.Argument(nameof(pkSeed), "PK.seed and SK.seed are n = 32 bytes");
        }

        hash = default;
        hash._library256 = !portable && OpenSslSha256Block.Available;
        hash._library512 = !portable && OpenSslSha512Block.Available;
        hash._lanes = !portable && HashLanes.IsSupported;
        skSeed.CopyTo(hash._skSeed);

        Span<byte> block256 = hash._fBlock;
        pkSeed.CopyTo(block256);
        hash._seeded256 = Sha256State.Initial;
        Sha256Compression.Compress(ref hash._seeded256, block256);
        block256.Clear();
        block256[Adrs + N] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(block256[^8..], FBitLength);

        Span<byte> block512 = hash._hBlock;
        pkSeed.CopyTo(block512);
        hash._seeded512 = Sha512State.Initial;
        Sha512Compression.Compress(ref hash._seeded512, block512);
        block512.Clear();
        block512[Adrs + (2 * N)] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(block512[^8..], HBitLength);
    }

    /// <summary>PRF(PK.seed, SK.seed, ADRS) into the first n bytes of <paramref name="output"/> (FIPS 205 §11.2.2).</summary>
    public void Prf(in Address address, Span<byte> output)
    {
        Span<byte> block = _fBlock;
        address.WriteCompressed(block);
        ((ReadOnlySpan<byte>)_skSeed).CopyTo(block[Adrs..]);
        CompressF(output);
    }

    /// <summary>
    /// F(PK.seed, ADRS, M1) into the first n bytes of <paramref name="output"/> (FIPS 205 §11.2.2); the input is read
    /// before the output is written, so both may be the same span.
    /// </summary>
    public void F(in Address address, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Span<byte> block = _fBlock;
        address.WriteCompressed(block);
        input[..N].CopyTo(block[Adrs..]);
        CompressF(output);
    }

    /// <summary>
    /// F applied <paramref name="steps"/> times to the n bytes of <paramref name="x"/>, in place, with hash addresses
    /// start, …, start + steps − 1 and the rest of <paramref name="address"/> (the WOTS+ chain of FIPS 205 Alg. 5). Each
    /// output is written straight into the next block, and only the hash address changes between blocks.
    /// </summary>
    public void Chain(in Address address, Span<byte> x, int start, int steps)
    {
        if (steps <= 0)
        {
            return;
        }

        Span<byte> block = _fBlock;
        address.WriteCompressed(block);
        Span<byte> hashAddress = block.Slice(Adrs - 4, 4);
        Span<byte> value = block.Slice(Adrs, N);
        x[..N].CopyTo(value);
        for (int j = start; j < start + steps; j++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(hashAddress, (uint)j);
            CompressF(value);
        }

        value.CopyTo(x);
    }

    /// <summary>
    /// H(PK.seed, ADRS, left ‖ right) into the first n bytes of <paramref name="output"/> (FIPS 205 §11.2.2); the inputs
    /// are read before the output is written, so the output may be one of them.
    /// </summary>
    public void H(in Address address, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> output)
    {
        Span<byte> block = _hBlock;
        address.WriteCompressed(block);
        left[..N].CopyTo(block[Adrs..]);
        right[..N].CopyTo(block[(Adrs + N)..]);
        if (_library512)
        {
            _context512.State = _seeded512;
            OpenSslSha512Block.CompressBlock(ref _context512, block);
            _context512.State.WriteDigest32(output);
            return;
        }

        Sha512State state = _seeded512;
        Sha512Compression.CompressPortable(ref state, block);
        state.WriteDigest32(output);
    }

    /// <summary>T_l(PK.seed, ADRS, M) for an M of l·n bytes, into the first n bytes of <paramref name="output"/> (FIPS 205 §11.2.2).</summary>
    public readonly void T(in Address address, ReadOnlySpan<byte> message, Span<byte> output)
    {
        Span<byte> adrs = stackalloc byte[Adrs];
        address.WriteCompressed(adrs);
        Sha512Hasher hasher = Sha512Hasher.Resume(_seeded512, Sha512Compression.BlockLength);
        hasher.Append(adrs);
        hasher.Append(message);
        hasher.FinishState().WriteDigest32(output);
        hasher.Clear();
    }

    /// <summary>Wipes SK.seed, the midstates, the blocks and the library contexts (which held secret values).</summary>
    public void Clear() => SecretWipe.Value(ref this);

    /// <summary>SHA-256 of the F block after the PK.seed midstate: one compression.</summary>
    private void CompressF(Span<byte> output)
    {
        if (_library256)
        {
            _context256.State = _seeded256;
            OpenSslSha256Block.CompressBlock(ref _context256, _fBlock);
            _context256.State.WriteDigest(output);
            return;
        }

        Sha256State state = _seeded256;
        Sha256Compression.CompressPortable(ref state, _fBlock);
        state.WriteDigest(output);
    }

    /// <summary>An n-byte secret seed.</summary>
    [InlineArray(N)]
    private struct Seed
    {
        private byte _element0;
    }
}

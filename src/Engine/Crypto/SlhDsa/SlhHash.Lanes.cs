using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using E2eeConformance.Engine.Crypto.Hashing;

namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// Independent tweakable hashes sixteen (F, PRF: SHA-256) or eight (H, T: SHA-512) at a time, one per AVX-512 lane
/// (<see cref="Sha256x16"/>, <see cref="Sha512x8"/>), with the same results as the one-at-a-time functions (issue 17:
/// SLH-DSA signing was a quarter of the catalog's processor time, almost all of it these hashes).
/// <para>
/// An F or PRF block is ADRSc (22 bytes) ‖ M (32 bytes) ‖ 0x80 ‖ 0 ‖ the 64-bit bit length (FIPS 180-4 §5.1.1): as
/// big-endian words, W0..W4 and the top half of W5 are ADRSc, and M's eight words v0..v7 sit two bytes off the word
/// grid — W5 low half = v0 ≫ 16, W(6+j) = v_j ≪ 16 | v_{j+1} ≫ 16, W13 = v7 ≪ 16 | 0x8000. A lane's chaining value
/// therefore stays in the eight state vectors from one F to the next (a WOTS+ chain never leaves the registers); only
/// the hash address — W5's top half, as WOTS+ hash addresses are below w = 16 — changes along a chain.
/// </para>
/// </summary>
internal partial struct SlhHash
{
    /// <summary>The lanes of F and PRF (SHA-256).</summary>
    public const int FLanes = Sha256x16.Lanes;

    /// <summary>The lanes of H and T (SHA-512).</summary>
    public const int HLanes = Sha512x8.Lanes;

    /// <summary>The bytes of a WOTS+ public key's T_len message, padded to whole SHA-512 blocks: ADRSc ‖ len·n bytes, 0x80, the 128-bit length.</summary>
    private const int WotsPkMessageLength = (Adrs + SlhParameters.WotsSignatureLength + 1 + 16 + Sha512Compression.BlockLength - 1) / Sha512Compression.BlockLength * Sha512Compression.BlockLength;

    /// <summary>Whether the batched functions below may be used (AVX-512, and not a portable instance).</summary>
    public readonly bool UsesLanes => _lanes;

    /// <summary>
    /// FIPS 205 Alg. 6 <c>wots_pkGen</c> for the sixteen key pairs <paramref name="firstKeyPair"/> … + 15 of the XMSS
    /// tree of <paramref name="treeAddress"/> (layer and tree): their compressed public keys, n bytes each, into
    /// <paramref name="publicKeys"/>.
    /// </summary>
    public readonly void WotsPublicKeys(in Address treeAddress, uint firstKeyPair, Span<byte> publicKeys)
    {
        Span<Vector512<uint>> adrs = stackalloc Vector512<uint>[6];
        Span<Vector512<uint>> value = stackalloc Vector512<uint>[8];
        Span<Address> lanes = stackalloc Address[FLanes];
        Span<byte> messages = stackalloc byte[FLanes * WotsPkMessageLength];
        messages.Clear();
        for (int chain = 0; chain < SlhParameters.Len; chain++)
        {
            for (int lane = 0; lane < FLanes; lane++)
            {
                lanes[lane] = treeAddress;
                lanes[lane].SetTypeAndClear(AddressType.WotsPrf);
                lanes[lane].SetKeyPairAddress(firstKeyPair + (uint)lane);
                lanes[lane].SetChainAddress((uint)chain);
            }

            AddressWords(lanes, adrs);
            SkSeedWords(value);
            CompressFLanes(adrs, 0, value); // the chain's start: PRF

            for (int lane = 0; lane < FLanes; lane++)
            {
                lanes[lane].SetTypeAndClear(AddressType.WotsHash);
                lanes[lane].SetKeyPairAddress(firstKeyPair + (uint)lane);
                lanes[lane].SetChainAddress((uint)chain);
            }

            AddressWords(lanes, adrs);
            for (uint step = 0; step < SlhParameters.W - 1; step++)
            {
                CompressFLanes(adrs, step, value);
            }

            // The chain's end goes straight into each lane's T_len message, after ADRSc.
            Sha256x16.StoreDigests(value, messages[(Adrs + (chain * N))..], WotsPkMessageLength, N);
        }

        value.Clear(); // the PRF outputs were secret; the ends are public
        for (int lane = 0; lane < FLanes; lane++)
        {
            Address pk = treeAddress;
            pk.SetTypeAndClear(AddressType.WotsPk);
            pk.SetKeyPairAddress(firstKeyPair + (uint)lane);
            Span<byte> message = messages.Slice(lane * WotsPkMessageLength, WotsPkMessageLength);
            pk.WriteCompressed(message);
            PadSha512(message, Adrs + SlhParameters.WotsSignatureLength);
        }

        for (int group = 0; group < FLanes / HLanes; group++)
        {
            HashSha512Lanes(messages.Slice(group * HLanes * WotsPkMessageLength, HLanes * WotsPkMessageLength), WotsPkMessageLength, publicKeys.Slice(group * HLanes * N, HLanes * N));
        }
    }

    /// <summary>
    /// Sixteen F(ADRS_f, PRF(ADRS_prf)) — FORS leaves (FIPS 205 Alg. 15 lines 2–5) — into <paramref name="outputs"/>,
    /// n bytes each: lane i from <paramref name="prfAddresses"/>[i] and <paramref name="fAddresses"/>[i].
    /// </summary>
    public readonly void PrfThenF(ReadOnlySpan<Address> prfAddresses, ReadOnlySpan<Address> fAddresses, Span<byte> outputs)
    {
        Span<Vector512<uint>> adrs = stackalloc Vector512<uint>[6];
        Span<Vector512<uint>> value = stackalloc Vector512<uint>[8];
        AddressWords(prfAddresses, adrs);
        SkSeedWords(value);
        CompressFLanes(adrs, 0, value);
        AddressWords(fAddresses, adrs);
        CompressFLanes(adrs, 0, value);
        Sha256x16.StoreDigests(value, outputs, N, N);
        value.Clear();
    }

    /// <summary>
    /// Eight H(ADRS_i, left_i ‖ right_i) into <paramref name="outputs"/> (n bytes each), the children of lane i being the
    /// 2n bytes at 2n·i of <paramref name="children"/>. All children are read before any output is written, so the
    /// outputs may overlap them (a tree level reduced in place).
    /// </summary>
    public readonly void HBatch(ReadOnlySpan<Address> addresses, ReadOnlySpan<byte> children, Span<byte> outputs)
    {
        Span<byte> blocks = stackalloc byte[HLanes * Sha512Compression.BlockLength];
        blocks.Clear();
        for (int lane = 0; lane < HLanes; lane++)
        {
            Span<byte> block = blocks.Slice(lane * Sha512Compression.BlockLength, Sha512Compression.BlockLength);
            addresses[lane].WriteCompressed(block);
            children.Slice(lane * 2 * N, 2 * N).CopyTo(block[Adrs..]);
            PadSha512(block, Adrs + (2 * N));
        }

        HashSha512Lanes(blocks, Sha512Compression.BlockLength, outputs);
    }

    /// <summary>
    /// Each of eight messages (padded, <paramref name="stride"/> bytes apart, all of that length) hashed after the
    /// PK.seed midstate, truncated to n bytes, into <paramref name="outputs"/>.
    /// </summary>
    private readonly void HashSha512Lanes(ReadOnlySpan<byte> messages, int stride, Span<byte> outputs)
    {
        Span<Vector512<ulong>> state = stackalloc Vector512<ulong>[8];
        Span<Vector512<ulong>> words = stackalloc Vector512<ulong>[16];
        Sha512x8.Broadcast(_seeded512, state);
        for (int block = 0; block < stride / Sha512Compression.BlockLength; block++)
        {
            Sha512x8.LoadBlocks(messages, stride, block, words);
            Sha512x8.Compress(state, words);
        }

        Sha512x8.StoreDigests32(state, outputs);
        words.Clear();
    }

    /// <summary>
    /// The padding of a message of <paramref name="length"/> bytes that follows the one-block PK.seed prefix, to the end
    /// of <paramref name="padded"/> (whose tail is zero): 0x80, then the total bit length in the last 16 bytes.
    /// </summary>
    private static void PadSha512(Span<byte> padded, int length)
    {
        padded[length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(padded[^8..], (ulong)(Sha512Compression.BlockLength + length) * 8);
    }

    /// <summary>W0..W4 and W5's top half (hash address bytes excluded) of each lane's ADRSc, as six vectors.</summary>
    private static void AddressWords(ReadOnlySpan<Address> lanes, Span<Vector512<uint>> words)
    {
        Span<byte> compressed = stackalloc byte[24];
        Span<uint> columns = stackalloc uint[6 * FLanes];
        compressed.Clear();
        for (int lane = 0; lane < FLanes; lane++)
        {
            lanes[lane].WriteCompressed(compressed);
            for (int t = 0; t < 6; t++)
            {
                columns[(t * FLanes) + lane] = BinaryPrimitives.ReadUInt32BigEndian(compressed[(4 * t)..]);
            }
        }

        for (int t = 0; t < 6; t++)
        {
            words[t] = Vector512.Create<uint>(columns.Slice(t * FLanes, FLanes));
        }
    }

    /// <summary>SK.seed's eight big-endian words in every lane.</summary>
    private readonly void SkSeedWords(Span<Vector512<uint>> value)
    {
        ReadOnlySpan<byte> seed = _skSeed;
        for (int j = 0; j < 8; j++)
        {
            value[j] = Vector512.Create(BinaryPrimitives.ReadUInt32BigEndian(seed[(4 * j)..]));
        }
    }

    /// <summary>
    /// One F (or PRF) per lane: the block of ADRSc <paramref name="adrs"/> (whose hash address word is zero) with hash
    /// address <paramref name="hashAddress"/> (below w) set in W5's top half, and M = <paramref name="value"/>, compressed
    /// after the PK.seed midstate; the digest replaces <paramref name="value"/>.
    /// </summary>
    private readonly void CompressFLanes(ReadOnlySpan<Vector512<uint>> adrs, uint hashAddress, Span<Vector512<uint>> value)
    {
        if (hashAddress >= SlhParameters.W)
        {
            Errors.ThrowHelper.Argument(nameof(hashAddress), "a WOTS+ hash address is below w");
        }

        Span<Vector512<uint>> words = stackalloc Vector512<uint>[16];
        for (int t = 0; t < 5; t++)
        {
            words[t] = adrs[t];
        }

        words[5] = adrs[5] | Vector512.Create(hashAddress << 16) | (value[0] >> 16);
        for (int j = 0; j < 7; j++)
        {
            words[6 + j] = (value[j] << 16) | (value[j + 1] >> 16);
        }

        words[13] = (value[7] << 16) | Vector512.Create(0x8000u);
        words[14] = Vector512<uint>.Zero;
        words[15] = Vector512.Create((uint)FBitLength);
        Sha256x16.Broadcast(_seeded256, value);
        Sha256x16.Compress(value, words);
        words.Clear();
    }
}

using System.Buffers.Binary;

namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// SLH-DSA-SHA2-256s key generation (FIPS 205 Alg. 18 <c>slh_keygen_internal</c>) and signing (Alg. 19
/// <c>slh_sign_internal</c>); <see cref="SlhDsa"/> draws the randomness (Alg. 21, 22) and verifies with BouncyCastle.
/// <para>
/// Signing splits into 30 independent pieces of work: the XMSS tree of each of the d = 8 hypertree layers
/// (<see cref="Hypertree.BuildLayer"/>) and each of the k = 22 FORS trees (<see cref="Fors.SignTree"/>). With a
/// parallelism above 1 they run on the thread pool (<see cref="Parallel"/>), each worker with its own copy of the
/// hash state; each piece writes only its own bytes of the signature, so the output does not depend on the schedule.
/// Key generation likewise builds the top XMSS tree from 8 subtrees. SK.seed and the per-key hash state are wiped
/// before returning.
/// </para>
/// </summary>
internal static class SlhSigner
{
    private const int N = SlhParameters.N;

    /// <summary>The height of the subtrees key generation builds the top XMSS tree from, in parallel.</summary>
    private const int KeyGenSubtreeHeight = SlhParameters.HPrime - 3;

    /// <summary>The parallelism used unless a caller asks for another: one worker per processor.</summary>
    public static int DefaultParallelism => Environment.ProcessorCount;

    /// <summary>
    /// FIPS 205 Alg. 18 <c>slh_keygen_internal(SK.seed, SK.prf, PK.seed)</c>: PK.root is the root of the XMSS tree 0 of
    /// the top layer d − 1 (<c>xmss_node(SK.seed, 0, h′, PK.seed, ADRS)</c>), written to <paramref name="pkRoot"/>.
    /// </summary>
    public static void KeyGen(ReadOnlySpan<byte> skSeed, ReadOnlySpan<byte> pkSeed, Span<byte> pkRoot, int parallelism)
    {
        const int layer = SlhParameters.D - 1;
        const int subtrees = 1 << (SlhParameters.HPrime - KeyGenSubtreeHeight);
        SlhHash.Create(out SlhHash hash, pkSeed, skSeed);
        try
        {
            if (parallelism <= 1)
            {
                Xmss.Node(ref hash, layer, 0, 0, SlhParameters.HPrime, pkRoot);
                return;
            }

            var work = new KeyGenWork(in hash);
            try
            {
                Parallel.For(0, subtrees, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, work.Run);

                // The levels above the subtrees: 4 + 2 + 1 nodes.
                Span<byte> nodes = work.Nodes;
                for (int height = KeyGenSubtreeHeight + 1, count = subtrees / 2; height <= SlhParameters.HPrime; height++, count /= 2)
                {
                    for (int i = 0; i < count; i++)
                    {
                        Xmss.Parent(ref hash, layer, 0, (uint)height, (uint)i, nodes.Slice(2 * i * N, N), nodes.Slice(((2 * i) + 1) * N, N), nodes.Slice(i * N, N));
                    }
                }

                nodes[..N].CopyTo(pkRoot);
            }
            finally
            {
                work.Clear();
            }
        }
        finally
        {
            hash.Clear();
        }
    }

    /// <summary>
    /// FIPS 205 Alg. 19 <c>slh_sign_internal(M, SK, addrnd)</c> with M = <paramref name="prefix"/> ‖ <paramref name="message"/>
    /// (the M′ of Alg. 22) and the n-byte <paramref name="addrnd"/> (opt_rand): R ‖ SIG_FORS ‖ SIG_HT.
    /// </summary>
    public static byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> message, ReadOnlySpan<byte> addrnd, int parallelism)
    {
        if (privateKey.Length != SlhParameters.PrivateKeyLength || addrnd.Length != N)
        {
            Errors.ThrowHelper.Argument(nameof(privateKey), "SLH-DSA-SHA2-256s signs with a 128-byte private key and 32 bytes of opt_rand");
        }

        ReadOnlySpan<byte> skSeed = privateKey[..N], skPrf = privateKey[N..(2 * N)];
        ReadOnlySpan<byte> pkSeed = privateKey[(2 * N)..(3 * N)], pkRoot = privateKey[(3 * N)..];
        byte[] signature = new byte[SlhParameters.SignatureLength];

        // Alg. 19 lines 2–10: R, the digest and the indices it selects.
        MessageHash.PrfMsg(skPrf, addrnd, prefix, message, signature.AsSpan(0, N));
        Span<byte> digest = stackalloc byte[SlhParameters.M];
        MessageHash.HMsg(signature.AsSpan(0, N), pkSeed, pkRoot, prefix, message, digest);
        ReadOnlySpan<byte> md = digest[..SlhParameters.MdLength];
        Span<byte> treeBytes = stackalloc byte[8];
        treeBytes.Clear();
        digest.Slice(SlhParameters.MdLength, SlhParameters.TreeIndexLength).CopyTo(treeBytes[(8 - SlhParameters.TreeIndexLength)..]);
        ulong idxTree = BinaryPrimitives.ReadUInt64BigEndian(treeBytes) & ((1UL << (SlhParameters.H - SlhParameters.HPrime)) - 1);
        uint idxLeaf = (uint)(digest[SlhParameters.MdLength + SlhParameters.TreeIndexLength] & ((1 << SlhParameters.HPrime) - 1));

        var work = new SignWork(idxTree, idxLeaf, signature);
        try
        {
            SlhHash.Create(out work.Hash, pkSeed, skSeed);
            Fors.Indices(md, work.ForsLeaves);
            Hypertree.Layers(idxTree, idxLeaf, work.Trees, work.Leaves);

            // The 30 independent trees (lines 11–15 and the trees of Alg. 12), then PK_FORS and the WOTS+ signatures.
            if (parallelism <= 1)
            {
                for (int unit = 0; unit < SignWork.Units; unit++)
                {
                    work.Run(unit);
                }
            }
            else
            {
                Parallel.For(0, SignWork.Units, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, work.Run);
            }

            Span<byte> pkFors = stackalloc byte[N];
            Fors.PublicKey(ref work.Hash, idxTree, idxLeaf, work.ForsRoots, pkFors);
            Hypertree.SignLayers(ref work.Hash, pkFors, work.Trees, work.Leaves, work.LayerRoots, signature.AsSpan(N + SlhParameters.ForsSignatureLength));
            return signature;
        }
        finally
        {
            work.Clear();
        }
    }

    /// <summary>The shared inputs and outputs of one signature's pieces; each piece hashes with its own copy of <see cref="Hash"/>.</summary>
    private sealed class SignWork(ulong idxTree, uint idxLeaf, byte[] signature)
    {
        /// <summary>The d layer trees first (the larger pieces), then the k FORS trees.</summary>
        public const int Units = SlhParameters.D + SlhParameters.K;

        public SlhHash Hash;

        public uint[] ForsLeaves { get; } = new uint[SlhParameters.K];

        public ulong[] Trees { get; } = new ulong[SlhParameters.D];

        public uint[] Leaves { get; } = new uint[SlhParameters.D];

        public byte[] ForsRoots { get; } = new byte[SlhParameters.K * N];

        public byte[] LayerRoots { get; } = new byte[SlhParameters.D * N];

        public void Run(int unit)
        {
            SlhHash worker = Hash;
            try
            {
                if (unit < SlhParameters.D)
                {
                    int offset = N + SlhParameters.ForsSignatureLength + (unit * SlhParameters.XmssSignatureLength);
                    Hypertree.BuildLayer(ref worker, unit, Trees[unit], Leaves[unit], signature.AsSpan(offset, SlhParameters.XmssSignatureLength), LayerRoots.AsSpan(unit * N, N));
                }
                else
                {
                    int tree = unit - SlhParameters.D;
                    int offset = N + (tree * SlhParameters.ForsTreeSignatureLength);
                    Fors.SignTree(ref worker, idxTree, idxLeaf, tree, ForsLeaves[tree], signature.AsSpan(offset, SlhParameters.ForsTreeSignatureLength), ForsRoots.AsSpan(tree * N, N));
                }
            }
            finally
            {
                worker.Clear();
            }
        }

        public void Clear() => Hash.Clear();
    }

    /// <summary>The subtree roots of key generation; each subtree is hashed with its own copy of the key's hash state.</summary>
    private sealed class KeyGenWork(in SlhHash hash)
    {
        private readonly byte[] _nodes = new byte[(1 << (SlhParameters.HPrime - KeyGenSubtreeHeight)) * N];
        private SlhHash _hash = hash;

        public Span<byte> Nodes => _nodes;

        public void Run(int subtree)
        {
            SlhHash worker = _hash;
            try
            {
                Xmss.Node(ref worker, SlhParameters.D - 1, 0, (uint)subtree, KeyGenSubtreeHeight, _nodes.AsSpan(subtree * N, N));
            }
            finally
            {
                worker.Clear();
            }
        }

        public void Clear() => _hash.Clear();
    }
}

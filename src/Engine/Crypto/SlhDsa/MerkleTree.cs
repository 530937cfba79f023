namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>The leaves and inner nodes of one kind of SLH-DSA Merkle tree (XMSS, FORS), addressed by height and index.</summary>
internal interface IMerkleNodes
{
    /// <summary>The leaf with (global) index <paramref name="index"/>, into the first n bytes of <paramref name="node"/>.</summary>
    void Leaf(ref SlhHash hash, uint index, Span<byte> node);

    /// <summary>
    /// The <see cref="SlhHash.FLanes"/> leaves <paramref name="firstIndex"/> … + 15 at once (<see cref="SlhHash.UsesLanes"/>),
    /// n bytes each, into <paramref name="nodes"/>.
    /// </summary>
    void Leaves(ref SlhHash hash, uint firstIndex, Span<byte> nodes);

    /// <summary>
    /// The node at <paramref name="height"/> and index <paramref name="index"/> from its two children, into the first n
    /// bytes of <paramref name="node"/> (which may be one of the children).
    /// </summary>
    void Parent(ref SlhHash hash, uint height, uint index, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> node);

    /// <summary>The address H hashes the children of the node at <paramref name="height"/> and <paramref name="index"/> with.</summary>
    Address ParentAddress(uint height, uint index);
}

/// <summary>
/// The root and one authentication path of a Merkle (sub)tree in a single left-to-right pass over its leaves (the
/// treehash of FIPS 205's predecessors, SPHINCS+ §4.1.3). It computes every node exactly once and keeps one pending left
/// node per height. The authentication nodes are those the recursive <c>xmss_node</c> (FIPS 205 Alg. 9) and
/// <c>fors_node</c> (Alg. 15) compute in <c>xmss_sign</c> (Alg. 10 lines 1–4) and <c>fors_sign</c> (Alg. 16 lines 5–8);
/// the root is the one <c>xmss_pkFromSig</c> (Alg. 11) and <c>fors_pkFromSig</c> (Alg. 17) would recompute from them
/// (for a valid path they agree), here at the cost of one more leaf.
/// <para>
/// With AVX-512 lanes (<see cref="SlhHash.UsesLanes"/>) the same nodes are computed a level at a time instead
/// (<see cref="MerkleLevels"/>), so that leaves and parents can be hashed many at once.
/// </para>
/// <para>
/// Indices are global: the subtree of height z whose leftmost leaf is L (a multiple of 2^z) has the node at height j
/// and index i ≫ j above leaf i, which is how FORS numbers the nodes of its k trees (tree i covers leaves i·2^a …).
/// </para>
/// </summary>
internal static class MerkleTree
{
    private const int N = SlhParameters.N;

    /// <summary>
    /// The root of the subtree of height <paramref name="height"/> with leftmost leaf <paramref name="firstLeaf"/>, into
    /// <paramref name="root"/>; when <paramref name="authPath"/> is not empty, also the authentication path of leaf
    /// <paramref name="authLeaf"/> (inside the subtree): the sibling of its ancestor at each height 0 … height − 1, n
    /// bytes each, lowest first.
    /// </summary>
    public static void Compute<TNodes>(ref TNodes nodes, ref SlhHash hash, int height, uint firstLeaf, uint authLeaf, Span<byte> authPath, Span<byte> root)
        where TNodes : struct, IMerkleNodes
    {
        if (height < 1 || firstLeaf % (1u << height) != 0 || (!authPath.IsEmpty && (unchecked(authLeaf - firstLeaf) >= 1u << height || authPath.Length < height * N)))
        {
            Errors.ThrowHelper.Argument(nameof(height), "a subtree starts at a multiple of its width and its authentication leaf lies inside it");
        }

        if (hash.UsesLanes && (1 << height) >= SlhHash.FLanes)
        {
            MerkleLevels.Compute(ref nodes, ref hash, height, firstLeaf, authLeaf, authPath, root);
            return;
        }

        Span<byte> pending = stackalloc byte[height * N];
        Span<byte> node = stackalloc byte[N];
        uint width = 1u << height;
        for (uint offset = 0; offset < width; offset++)
        {
            uint leaf = firstLeaf + offset;
            nodes.Leaf(ref hash, leaf, node);
            int z = 0;
            Record(authPath, authLeaf, z, leaf, node);

            // The node is a right child for as many heights as the offset has trailing one bits.
            while (((offset >> z) & 1) == 1)
            {
                uint parent = leaf >> (z + 1);
                nodes.Parent(ref hash, (uint)(z + 1), parent, pending.Slice(z * N, N), node, node);
                z++;
                Record(authPath, authLeaf, z, parent, node);
            }

            if (z < height)
            {
                node.CopyTo(pending.Slice(z * N, N));
            }
        }

        node.CopyTo(root);
    }

    /// <summary>Keeps <paramref name="node"/> (height z, index i) when it is the sibling of the authentication leaf's ancestor at height z.</summary>
    private static void Record(Span<byte> authPath, uint authLeaf, int z, uint index, ReadOnlySpan<byte> node)
    {
        if (z * N < authPath.Length && index == ((authLeaf >> z) ^ 1))
        {
            node.CopyTo(authPath.Slice(z * N, N));
        }
    }
}

namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// FORS, the few-time signature of SLH-DSA (FIPS 205 §8), with k = 22 trees of height a = 14: secret values
/// (Alg. 14 <c>fors_skGen</c>), tree nodes (Alg. 15 <c>fors_node</c>), signing one tree at a time (Alg. 16
/// <c>fors_sign</c>, whose trees are independent of each other) and the public key from the k roots (the last lines of
/// Alg. 17 <c>fors_pkFromSig</c>). The FORS key pair is the one under hypertree leaf idx_leaf of XMSS tree idx_tree of
/// layer 0 (Alg. 19 lines 11–13).
/// </summary>
internal static class Fors
{
    private const int N = SlhParameters.N;
    private const int A = SlhParameters.A;

    /// <summary>
    /// <c>indices = base_2b(md, a, k)</c> (FIPS 205 Alg. 4, used by Alg. 16 line 1): the k leaf indices, each the next
    /// a = 14 bits of <paramref name="md"/>, most significant first.
    /// </summary>
    public static void Indices(ReadOnlySpan<byte> md, Span<uint> indices)
    {
        int input = 0, bits = 0;
        uint total = 0;
        for (int i = 0; i < SlhParameters.K; i++)
        {
            while (bits < A)
            {
                total = unchecked((total << 8) + md[input]);
                input++;
                bits += 8;
            }

            bits -= A;
            indices[i] = (total >> bits) & ((1u << A) - 1);
        }
    }

    /// <summary>
    /// Tree <paramref name="treeIndex"/> of SIG_FORS (Alg. 16 lines 3–9): the secret value of leaf
    /// <paramref name="leaf"/> followed by its a authentication nodes, (a + 1)·n bytes into <paramref name="signature"/>;
    /// and the tree's root (the root[i] of Alg. 17) into <paramref name="root"/>.
    /// </summary>
    public static void SignTree(ref SlhHash hash, ulong idxTree, uint idxLeaf, int treeIndex, uint leaf, Span<byte> signature, Span<byte> root)
    {
        var nodes = new Nodes(idxTree, idxLeaf);
        uint firstLeaf = (uint)treeIndex << A;
        nodes.SecretValue(ref hash, firstLeaf + leaf, signature[..N]);
        MerkleTree.Compute(ref nodes, ref hash, A, firstLeaf, firstLeaf + leaf, signature.Slice(N, A * N), root);
    }

    /// <summary>PK_FORS = T_k(PK.seed, forspkADRS, root) (Alg. 17 lines 21–24) from the k roots, into <paramref name="publicKey"/>.</summary>
    public static void PublicKey(ref SlhHash hash, ulong idxTree, uint idxLeaf, ReadOnlySpan<byte> roots, Span<byte> publicKey)
    {
        Address address = Address.Create(0, idxTree);
        address.SetTypeAndClear(AddressType.ForsRoots);
        address.SetKeyPairAddress(idxLeaf);
        hash.T(address, roots[..(SlhParameters.K * N)], publicKey);
    }

    /// <summary>The FORS trees' nodes: F of the secret value as a leaf (Alg. 15 lines 2–5), H of the children above (lines 7–11).</summary>
    private readonly struct Nodes(ulong idxTree, uint idxLeaf) : IMerkleNodes
    {
        /// <summary>FIPS 205 Alg. 14 <c>fors_skGen(SK.seed, PK.seed, ADRS, idx)</c>.</summary>
        public void SecretValue(ref SlhHash hash, uint index, Span<byte> secret) => hash.Prf(SecretValueAddress(index), secret);

        public void Leaf(ref SlhHash hash, uint index, Span<byte> node)
        {
            SecretValue(ref hash, index, node);
            hash.F(TreeAddress(0, index), node, node);
        }

        public void Leaves(ref SlhHash hash, uint firstIndex, Span<byte> nodes)
        {
            Span<Address> prf = stackalloc Address[SlhHash.FLanes];
            Span<Address> f = stackalloc Address[SlhHash.FLanes];
            for (int lane = 0; lane < SlhHash.FLanes; lane++)
            {
                uint index = firstIndex + (uint)lane;
                prf[lane] = SecretValueAddress(index);
                f[lane] = TreeAddress(0, index);
            }

            hash.PrfThenF(prf, f, nodes);
        }

        public void Parent(ref SlhHash hash, uint height, uint index, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> node) =>
            hash.H(TreeAddress(height, index), left, right, node);

        public Address ParentAddress(uint height, uint index) => TreeAddress(height, index);

        private Address SecretValueAddress(uint index)
        {
            Address address = Address.Create(0, idxTree);
            address.SetTypeAndClear(AddressType.ForsPrf);
            address.SetKeyPairAddress(idxLeaf);
            address.SetTreeIndex(index);
            return address;
        }

        private Address TreeAddress(uint height, uint index)
        {
            Address address = Address.Create(0, idxTree);
            address.SetTypeAndClear(AddressType.ForsTree);
            address.SetKeyPairAddress(idxLeaf);
            address.SetTreeHeight(height);
            address.SetTreeIndex(index);
            return address;
        }
    }
}

namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// XMSS trees (FIPS 205 §6) of height h′ = 8 whose leaves are WOTS+ public keys: the nodes of Alg. 9
/// <c>xmss_node</c> and the signature of Alg. 10 <c>xmss_sign</c>, split into the part that does not depend on the
/// signed message (the tree: authentication path and root, <see cref="Tree"/>) and the part that does (the WOTS+
/// signature, <see cref="SignLeaf"/>), so that the hypertree can build the trees of all its layers independently.
/// </summary>
internal static class Xmss
{
    private const int N = SlhParameters.N;

    /// <summary>
    /// The authentication path of leaf <paramref name="leaf"/> (h′·n bytes, the AUTH of Alg. 10) and the root of the
    /// XMSS tree <paramref name="tree"/> of layer <paramref name="layer"/>.
    /// </summary>
    public static void Tree(ref SlhHash hash, int layer, ulong tree, uint leaf, Span<byte> authPath, Span<byte> root)
    {
        var nodes = new Nodes(Address.Create(layer, tree));
        MerkleTree.Compute(ref nodes, ref hash, SlhParameters.HPrime, 0, leaf, authPath[..(SlhParameters.HPrime * N)], root);
    }

    /// <summary>
    /// <c>xmss_node(SK.seed, index, height, PK.seed, ADRS)</c> (Alg. 9) of the tree of <paramref name="layer"/> and
    /// <paramref name="tree"/>: the root of the subtree of <paramref name="height"/> ≥ 1 whose leftmost leaf is
    /// index · 2^height (key generation builds the top tree from such subtrees).
    /// </summary>
    public static void Node(ref SlhHash hash, int layer, ulong tree, uint index, int height, Span<byte> node)
    {
        var nodes = new Nodes(Address.Create(layer, tree));
        MerkleTree.Compute(ref nodes, ref hash, height, index << height, 0, [], node);
    }

    /// <summary>
    /// The inner node at <paramref name="height"/> and <paramref name="index"/> from its children (Alg. 9 lines 7–10),
    /// into <paramref name="node"/>.
    /// </summary>
    public static void Parent(ref SlhHash hash, int layer, ulong tree, uint height, uint index, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> node)
    {
        var nodes = new Nodes(Address.Create(layer, tree));
        nodes.Parent(ref hash, height, index, left, right, node);
    }

    /// <summary>
    /// The WOTS+ part of SIG_XMSS (Alg. 10 lines 5–7): signs the n-byte <paramref name="message"/> with the key pair of
    /// leaf <paramref name="leaf"/>, writing len·n bytes to <paramref name="signature"/>.
    /// </summary>
    public static void SignLeaf(ref SlhHash hash, int layer, ulong tree, uint leaf, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        Address address = Address.Create(layer, tree);
        address.SetTypeAndClear(AddressType.WotsHash);
        address.SetKeyPairAddress(leaf);
        Wots.Sign(ref hash, message, address, signature);
    }

    /// <summary>The XMSS tree's nodes: WOTS+ public keys as leaves (Alg. 9 lines 2–4), H of the children above (lines 7–10).</summary>
    private readonly struct Nodes(Address treeAddress) : IMerkleNodes
    {
        public void Leaf(ref SlhHash hash, uint index, Span<byte> node)
        {
            Address address = treeAddress;
            address.SetTypeAndClear(AddressType.WotsHash);
            address.SetKeyPairAddress(index);
            Wots.PublicKey(ref hash, address, node);
        }

        public void Leaves(ref SlhHash hash, uint firstIndex, Span<byte> nodes) => hash.WotsPublicKeys(treeAddress, firstIndex, nodes);

        public void Parent(ref SlhHash hash, uint height, uint index, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> node) =>
            hash.H(ParentAddress(height, index), left, right, node);

        public Address ParentAddress(uint height, uint index)
        {
            Address address = treeAddress;
            address.SetTypeAndClear(AddressType.Tree);
            address.SetTreeHeight(height);
            address.SetTreeIndex(index);
            return address;
        }
    }
}

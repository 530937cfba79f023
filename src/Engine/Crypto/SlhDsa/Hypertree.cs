namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// The hypertree of SLH-DSA (FIPS 205 §7): d = 8 layers of XMSS trees of height h′ = 8, signed by Alg. 12
/// <c>ht_sign</c>. Alg. 12 walks up the layers, each XMSS signature signing the root that the layer below's signature
/// leads to; but which tree and leaf each layer uses depends only on idx_tree and idx_leaf, and a tree's authentication
/// path and root do not depend on what its leaf signs. So the signature is made in two parts: the trees of all layers
/// (<see cref="BuildLayer"/>, independent of each other and of the message), then the WOTS+ signatures, bottom up
/// (<see cref="SignLayers"/>, about one per cent of the work). The output is Alg. 12's: for a valid authentication path
/// the root computed by <c>xmss_pkFromSig</c> (Alg. 11) is the tree's root.
/// </summary>
internal static class Hypertree
{
    private const int N = SlhParameters.N;

    /// <summary>
    /// The XMSS tree and leaf used at each layer (Alg. 12 lines 1, 6–8): layer 0 signs with leaf idx_leaf of tree
    /// idx_tree; layer j + 1 with leaf (tree of layer j) mod 2^h′ of tree (tree of layer j) ≫ h′.
    /// </summary>
    public static void Layers(ulong idxTree, uint idxLeaf, Span<ulong> trees, Span<uint> leaves)
    {
        for (int j = 0; j < SlhParameters.D; j++)
        {
            trees[j] = idxTree;
            leaves[j] = idxLeaf;
            idxLeaf = (uint)(idxTree & ((1u << SlhParameters.HPrime) - 1));
            idxTree >>= SlhParameters.HPrime;
        }
    }

    /// <summary>
    /// The message-independent part of layer <paramref name="layer"/>'s SIG_XMSS: the authentication path of
    /// <paramref name="leaf"/> in <paramref name="tree"/>, written after the WOTS+ signature's place in
    /// <paramref name="xmssSignature"/> ((len + h′)·n bytes), and the tree's root into <paramref name="root"/>.
    /// </summary>
    public static void BuildLayer(ref SlhHash hash, int layer, ulong tree, uint leaf, Span<byte> xmssSignature, Span<byte> root) =>
        Xmss.Tree(ref hash, layer, tree, leaf, xmssSignature.Slice(SlhParameters.WotsSignatureLength, SlhParameters.HPrime * N), root);

    /// <summary>
    /// The WOTS+ signatures of Alg. 12 into the d SIG_XMSS of <paramref name="signature"/> (SIG_HT, whose authentication
    /// paths <see cref="BuildLayer"/> wrote): layer 0 signs <paramref name="message"/> (PK_FORS), layer j the root of layer
    /// j − 1 (n bytes each in <paramref name="roots"/>).
    /// </summary>
    public static void SignLayers(ref SlhHash hash, ReadOnlySpan<byte> message, ReadOnlySpan<ulong> trees, ReadOnlySpan<uint> leaves, ReadOnlySpan<byte> roots, Span<byte> signature)
    {
        for (int j = 0; j < SlhParameters.D; j++)
        {
            ReadOnlySpan<byte> signed = j == 0 ? message[..N] : roots.Slice((j - 1) * N, N);
            Xmss.SignLeaf(ref hash, j, trees[j], leaves[j], signed, signature.Slice(j * SlhParameters.XmssSignatureLength, SlhParameters.WotsSignatureLength));
        }
    }
}

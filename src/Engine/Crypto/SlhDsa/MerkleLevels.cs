using System.Buffers;

namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// <see cref="MerkleTree.Compute"/> a level at a time, for AVX-512 lanes (issue 17): every leaf of the subtree, sixteen
/// at once (<see cref="IMerkleNodes.Leaves"/>), then each level's parents from the one below, eight at once
/// (<see cref="SlhHash.HBatch"/>), in place in one buffer (parent p over children 2p and 2p + 1). The same nodes as the
/// left-to-right pass, so the same root and authentication path; it holds a whole level (2^a·n = 512 KB for a FORS tree,
/// from the shared array pool, returned uncleared: every value in it is a public tree node) where the pass holds one
/// node per height.
/// </summary>
internal static class MerkleLevels
{
    private const int N = SlhParameters.N;

    /// <summary>As <see cref="MerkleTree.Compute"/>, for a subtree of at least <see cref="SlhHash.FLanes"/> leaves.</summary>
    public static void Compute<TNodes>(ref TNodes nodes, ref SlhHash hash, int height, uint firstLeaf, uint authLeaf, Span<byte> authPath, Span<byte> root)
        where TNodes : struct, IMerkleNodes
    {
        int width = 1 << height;
        byte[] rented = ArrayPool<byte>.Shared.Rent(width * N);
        try
        {
            Span<byte> level = rented.AsSpan(0, width * N);
            for (int leaf = 0; leaf < width; leaf += SlhHash.FLanes)
            {
                nodes.Leaves(ref hash, firstLeaf + (uint)leaf, level.Slice(leaf * N, SlhHash.FLanes * N));
            }

            Span<Address> addresses = stackalloc Address[SlhHash.HLanes];
            for (int z = 0; z < height; z++)
            {
                if (!authPath.IsEmpty)
                {
                    int sibling = (int)((authLeaf - firstLeaf) >> z) ^ 1;
                    level.Slice(sibling * N, N).CopyTo(authPath.Slice(z * N, N));
                }

                int parents = width >> (z + 1);
                uint firstParent = firstLeaf >> (z + 1);
                int p = 0;
                for (; p + SlhHash.HLanes <= parents; p += SlhHash.HLanes)
                {
                    for (int lane = 0; lane < SlhHash.HLanes; lane++)
                    {
                        addresses[lane] = nodes.ParentAddress((uint)(z + 1), firstParent + (uint)(p + lane));
                    }

                    hash.HBatch(addresses, level.Slice(2 * p * N, 2 * SlhHash.HLanes * N), level.Slice(p * N, SlhHash.HLanes * N));
                }

                for (; p < parents; p++)
                {
                    nodes.Parent(ref hash, (uint)(z + 1), firstParent + (uint)p, level.Slice(2 * p * N, N), level.Slice(((2 * p) + 1) * N, N), level.Slice(p * N, N));
                }
            }

            level[..N].CopyTo(root);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented); // tree nodes only, all public (leaves are F of the secrets, never the secrets)
        }
    }
}

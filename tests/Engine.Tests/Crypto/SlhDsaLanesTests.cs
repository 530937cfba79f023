using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Crypto.Hashing;
using E2eeConformance.Engine.Crypto.SlhDsaSha2;
using E2eeConformance.Engine.Ports;
using System.Runtime.Intrinsics;
using SlhDsa = E2eeConformance.Engine.Crypto.SlhDsa; // not System.Security.Cryptography.SlhDsa

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// SLH-DSA's hashes sixteen and eight at a time in AVX-512 lanes (issue 17): the SHA-256 and SHA-512 lane kernels
/// against the one-block compressions, the batched F/PRF, H and WOTS+ public keys against the one-at-a-time functions
/// (with FORS tree indices above 2^16, whose bytes reach the fourth ADRSc word), and whole keys and signatures the same
/// with the lanes as with them switched off (<see cref="HashLanes.ForceScalar"/>). Skipped on a processor without
/// AVX-512, where only the one-at-a-time path runs.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SlhDsaLanesTests
{
    [SetUp]
    public void RequireLanes() => Assume.That(HashLanes.IsSupported, "this processor has no AVX-512");

    [TearDown]
    public void Restore() => HashLanes.ForceScalar = false;

    [Test]
    public void Sixteen_SHA256_lanes_compress_as_sixteen_single_blocks()
    {
        Gen.Select(Gen.Byte.Array[16 * 64], Gen.UInt.Array[8])
            .Sample((blocks, words) =>
            {
                var start = new Sha256State { H0 = words[0], H1 = words[1], H2 = words[2], H3 = words[3], H4 = words[4], H5 = words[5], H6 = words[6], H7 = words[7] };
                var state = new Vector512<uint>[8];
                var message = new Vector512<uint>[16];
                Sha256x16.Broadcast(start, state);
                Sha256x16.LoadBlocks(blocks, message);
                Sha256x16.Compress(state, message);
                byte[] lanes = new byte[16 * 32];
                Sha256x16.StoreDigests(state, lanes, 32, 32);
                byte[] expected = new byte[16 * 32];
                for (int lane = 0; lane < 16; lane++)
                {
                    Sha256State one = start;
                    Sha256Compression.CompressPortable(ref one, blocks.AsSpan(lane * 64, 64));
                    one.WriteDigest(expected.AsSpan(lane * 32, 32));
                }

                return lanes.AsSpan().SequenceEqual(expected);
            }, iter: 50);
    }

    [Test]
    public void Eight_SHA512_lanes_compress_as_eight_runs_of_blocks()
    {
        Gen.Select(Gen.Byte.Array[8 * 256], Gen.ULong.Array[8])
            .Sample((messages, words) =>
            {
                var start = new Sha512State { H0 = words[0], H1 = words[1], H2 = words[2], H3 = words[3], H4 = words[4], H5 = words[5], H6 = words[6], H7 = words[7] };
                var state = new Vector512<ulong>[8];
                var message = new Vector512<ulong>[16];
                Sha512x8.Broadcast(start, state);
                for (int block = 0; block < 2; block++)
                {
                    Sha512x8.LoadBlocks(messages, 256, block, message);
                    Sha512x8.Compress(state, message);
                }

                byte[] lanes = new byte[8 * 32];
                Sha512x8.StoreDigests32(state, lanes);
                byte[] expected = new byte[8 * 32];
                for (int lane = 0; lane < 8; lane++)
                {
                    Sha512State one = start;
                    Sha512Compression.CompressPortable(ref one, messages.AsSpan(lane * 256, 256));
                    one.WriteDigest32(expected.AsSpan(lane * 32, 32));
                }

                return lanes.AsSpan().SequenceEqual(expected);
            }, iter: 50);
    }

    [Test]
    public void Batched_PRF_then_F_H_and_WOTS_public_keys_equal_the_one_at_a_time_functions()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32], Gen.Byte.Array[16 * 64], Gen.ULong, Gen.UInt[0, 22 << 14], Gen.UInt[0, 255])
            .Sample((pkSeed, skSeed, children, tree, index, keyPair) =>
            {
                SlhHash.Create(out SlhHash lanes, pkSeed, skSeed);
                SlhHash.Create(out SlhHash single, pkSeed, skSeed, portable: true);
                try
                {
                    lanes.UsesLanes.Should().BeTrue();
                    var prf = new Address[16];
                    var f = new Address[16];
                    var h = new Address[8];
                    for (int i = 0; i < 16; i++)
                    {
                        prf[i] = Address.Create(0, tree >> 8);
                        prf[i].SetTypeAndClear(AddressType.ForsPrf);
                        prf[i].SetKeyPairAddress(keyPair);
                        prf[i].SetTreeIndex(index + (uint)i);
                        f[i] = prf[i];
                        f[i].SetTypeAndClear(AddressType.ForsTree);
                        f[i].SetKeyPairAddress(keyPair);
                        f[i].SetTreeIndex(index + (uint)i);
                    }

                    for (int i = 0; i < 8; i++)
                    {
                        h[i] = f[i];
                        h[i].SetTreeHeight((uint)(i + 1));
                    }

                    byte[] batched = new byte[16 * 32], expected = new byte[16 * 32];
                    lanes.PrfThenF(prf, f, batched);
                    for (int i = 0; i < 16; i++)
                    {
                        Span<byte> one = expected.AsSpan(i * 32, 32);
                        single.Prf(prf[i], one);
                        single.F(f[i], one, one);
                    }

                    byte[] parents = new byte[8 * 32], expectedParents = new byte[8 * 32];
                    lanes.HBatch(h, children.AsSpan(0, 8 * 64), parents);
                    for (int i = 0; i < 8; i++)
                    {
                        single.H(h[i], children.AsSpan(i * 64, 32), children.AsSpan((i * 64) + 32, 32), expectedParents.AsSpan(i * 32, 32));
                    }

                    Address xmss = Address.Create((int)(keyPair % 8), tree >> 8);
                    byte[] keys = new byte[16 * 32], expectedKeys = new byte[16 * 32];
                    lanes.WotsPublicKeys(xmss, keyPair & ~15u, keys);
                    for (int i = 0; i < 16; i++)
                    {
                        Address leaf = xmss;
                        leaf.SetTypeAndClear(AddressType.WotsHash);
                        leaf.SetKeyPairAddress((keyPair & ~15u) + (uint)i);
                        Wots.PublicKey(ref single, leaf, expectedKeys.AsSpan(i * 32, 32));
                    }

                    return batched.AsSpan().SequenceEqual(expected) && parents.AsSpan().SequenceEqual(expectedParents) && keys.AsSpan().SequenceEqual(expectedKeys);
                }
                finally
                {
                    lanes.Clear();
                    single.Clear();
                }
            }, iter: 20);
    }

    [Test]
    public void Keys_and_signatures_are_the_same_with_the_lanes_switched_off()
    {
        SlhDsa slh = SlhDsa.SlhDsaSha2_256s;
        byte[] message = "lanes or not"u8.ToArray();
        KeyPair withLanes = slh.GenerateKeyPair(new ReferenceStreamRandom("slh-dsa lanes/key"));
        byte[] signedWithLanes = slh.Sign(withLanes.PrivateKey.Span, message, new ReferenceStreamRandom("slh-dsa lanes/sign"));

        HashLanes.ForceScalar = true;
        KeyPair without = slh.GenerateKeyPair(new ReferenceStreamRandom("slh-dsa lanes/key"));
        byte[] signedWithout = slh.Sign(without.PrivateKey.Span, message, new ReferenceStreamRandom("slh-dsa lanes/sign"));

        without.PublicKey.Should().Equal(withLanes.PublicKey);
        signedWithout.Should().Equal(signedWithLanes);
        slh.Verify(withLanes.PublicKey, message, signedWithLanes).Should().BeTrue();
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Crypto.SlhDsaSha2;
using E2eeConformance.Engine.Ports;
using SlhDsa = E2eeConformance.Engine.Crypto.SlhDsa; // not System.Security.Cryptography.SlhDsa

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The engine's own SLH-DSA-SHA2-256s (FIPS 205 Alg. 18/19 over the SHA2 functions of §11.2.2) against BouncyCastle's:
/// the same keys and signatures byte for byte from the same random bytes, signatures BouncyCastle's verifier accepts and
/// whose one-bit twins it rejects, output independent of the number of worker threads; and the parts (ADRSc, the tweakable
/// hashes on both compression paths, PRF_msg, H_msg, the WOTS+ digits) against their definitions computed with .NET's
/// SHA-2.
/// </summary>
[TestFixture]
public sealed class SlhDsaSignerTests
{
    private static readonly SlhDsa Slh = SlhDsa.SlhDsaSha2_256s;

    /// <summary>Messages of 0, 1, 300 and 100 003 bytes, each signed under its own key (one per label).</summary>
    private static readonly (string Label, int Length)[] Cases = [("empty", 0), ("one byte", 1), ("300 bytes", 300), ("long", 100_003)];

    private sealed record SignedCase(KeyPair Own, KeyPair Library, byte[] Message, byte[] OwnSignature, byte[] LibrarySignature, long OwnDraws, long LibraryDraws);

    private static readonly Lazy<SignedCase[]> Signed = new(() => Cases.Select(c => Sign(c.Label, c.Length)).ToArray());

    private static SignedCase Sign(string label, int length)
    {
        byte[] message = new byte[length];
        new ReferenceStreamRandom($"slh-dsa own/{label}/message").Fill(message);
        var own = new ReferenceStreamRandom($"slh-dsa own/{label}");
        var library = new ReferenceStreamRandom($"slh-dsa own/{label}");
        KeyPair ownPair = Slh.GenerateKeyPair(own);
        KeyPair libraryPair = Slh.GenerateKeyPairWithBouncyCastle(library);
        byte[] ownSignature = Slh.Sign(ownPair.PrivateKey.Span, message, own);
        byte[] librarySignature = Slh.SignWithBouncyCastle(libraryPair.PrivateKey.Span, message, library);
        return new SignedCase(ownPair, libraryPair, message, ownSignature, librarySignature, own.Position, library.Position);
    }

    private static byte[] FlipBit(ReadOnlySpan<byte> bytes, int index, int bit = 0)
    {
        byte[] copy = bytes.ToArray();
        copy[index] ^= (byte)(1 << bit);
        return copy;
    }

    // ---------------------------------------------------------------- against BouncyCastle

    [Test]
    public void Key_generation_gives_BouncyCastles_keys_from_the_same_96_bytes()
    {
        foreach (SignedCase c in Signed.Value)
        {
            c.Own.PublicKey.Should().Equal(c.Library.PublicKey);
            c.Own.PrivateKey.Span.ToArray().Should().Equal(c.Library.PrivateKey.Span.ToArray());
        }

        for (int i = 0; i < 3; i++)
        {
            KeyPair own = Slh.GenerateKeyPair(new ReferenceStreamRandom($"slh-dsa keygen {i}"), parallelism: 1);
            KeyPair library = Slh.GenerateKeyPairWithBouncyCastle(new ReferenceStreamRandom($"slh-dsa keygen {i}"));
            own.PublicKey.Should().Equal(library.PublicKey, $"key {i}");
            own.PrivateKey.Span.ToArray().Should().Equal(library.PrivateKey.Span.ToArray(), $"key {i}");
        }
    }

    [Test]
    public void Signatures_are_BouncyCastles_byte_for_byte_for_empty_short_and_long_messages()
    {
        foreach (SignedCase c in Signed.Value)
        {
            c.OwnSignature.Length.Should().Be(29792);
            c.OwnSignature.Should().Equal(c.LibrarySignature, $"the {c.Message.Length}-byte message");
            (c.OwnDraws, c.LibraryDraws).Should().Be((96 + 32, 96 + 32), "both draw SK.seed, SK.prf, PK.seed, then opt_rand");
        }
    }

    [Test]
    public void BouncyCastles_verifier_accepts_the_signatures_and_rejects_their_one_bit_twins()
    {
        foreach (SignedCase c in Signed.Value)
        {
            byte[] pk = c.Own.PublicKey;
            Slh.Verify(pk, c.Message, c.OwnSignature).Should().BeTrue();
            foreach (int index in new[] { 0, 31, 32, 5000, 10592, 20000, 29791 })
            {
                Slh.Verify(pk, c.Message, FlipBit(c.OwnSignature, index, index % 8)).Should().BeFalse($"signature bit flipped at byte {index}");
            }

            Slh.Verify(FlipBit(pk, 0), c.Message, c.OwnSignature).Should().BeFalse("PK.seed changed");
            Slh.Verify(FlipBit(pk, 63, 7), c.Message, c.OwnSignature).Should().BeFalse("PK.root changed");
            byte[] otherMessage = c.Message.Length == 0 ? [0] : FlipBit(c.Message, c.Message.Length - 1, 3);
            Slh.Verify(pk, otherMessage, c.OwnSignature).Should().BeFalse("the message changed");
        }
    }

    [Test]
    public void The_output_does_not_depend_on_the_number_of_worker_threads()
    {
        KeyPair one = Slh.GenerateKeyPair(new ReferenceStreamRandom("slh-dsa threads"), parallelism: 1);
        KeyPair three = Slh.GenerateKeyPair(new ReferenceStreamRandom("slh-dsa threads"), parallelism: 3);
        three.PublicKey.Should().Equal(one.PublicKey);

        byte[] message = "the same signature on any number of threads"u8.ToArray();
        byte[] sequential = Slh.Sign(one.PrivateKey.Span, message, new ReferenceStreamRandom("slh-dsa threads/sign"), parallelism: 1);
        byte[] parallel = Slh.Sign(one.PrivateKey.Span, message, new ReferenceStreamRandom("slh-dsa threads/sign"), parallelism: 3);
        parallel.Should().Equal(sequential);
        Slh.Verify(one.PublicKey, message, sequential).Should().BeTrue();
    }

    // ---------------------------------------------------------------- the parts, against their definitions

    [Test]
    public void The_compressed_address_is_layer_tree_type_and_three_words_big_endian()
    {
        Address address = Address.Create(3, 0x0102030405060708);
        address.SetTypeAndClear(AddressType.ForsTree);
        address.SetKeyPairAddress(0x0a0b0c0d);
        address.SetTreeHeight(5);
        address.SetTreeIndex(0x11223344);
        byte[] adrsc = new byte[Address.CompressedLength];
        address.WriteCompressed(adrsc);
        adrsc.Should().Equal(Convert.FromHexString("03" + "0102030405060708" + "03" + "0A0B0C0D" + "00000005" + "11223344"));

        address.SetTypeAndClear(AddressType.WotsPrf);
        address.WriteCompressed(adrsc);
        adrsc.Should().Equal(Convert.FromHexString("03" + "0102030405060708" + "05" + "000000000000000000000000"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void PRF_F_H_and_T_are_the_SHA2_functions_of_FIPS_205_section_11_2_2(bool portable)
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32], Gen.Byte.Array[64], Gen.Int[0, 7], Gen.ULong, Gen.UInt)
            .Sample((pkSeed, skSeed, input, layer, tree, word) =>
            {
                Address address = Address.Create(layer, tree >> 8);
                address.SetTypeAndClear(AddressType.WotsHash);
                address.SetKeyPairAddress(word);
                address.SetChainAddress(word >> 3);
                address.SetHashAddress(word % 15);
                byte[] adrsc = new byte[Address.CompressedLength];
                address.WriteCompressed(adrsc);
                byte[] ends = [.. input, .. input, .. input]; // 6n bytes for T

                SlhHash.Create(out SlhHash hash, pkSeed, skSeed, portable);
                byte[] prf = new byte[32], f = new byte[32], h = new byte[32], t = new byte[32];
                hash.Prf(address, prf);
                hash.F(address, input.AsSpan(0, 32), f);
                hash.H(address, input.AsSpan(0, 32), input.AsSpan(32), h);
                hash.T(address, ends, t);
                hash.Clear();

                byte[] pad256 = [.. pkSeed, .. new byte[32], .. adrsc];
                byte[] pad512 = [.. pkSeed, .. new byte[96], .. adrsc];
                return prf.AsSpan().SequenceEqual(SHA256.HashData([.. pad256, .. skSeed]))
                    && f.AsSpan().SequenceEqual(SHA256.HashData([.. pad256, .. input.AsSpan(0, 32)]))
                    && h.AsSpan().SequenceEqual(SHA512.HashData([.. pad512, .. input]).AsSpan(0, 32))
                    && t.AsSpan().SequenceEqual(SHA512.HashData([.. pad512, .. ends]).AsSpan(0, 32));
            }, iter: 200);
    }

    [Test]
    public void PRF_msg_is_truncated_HMAC_SHA512_and_H_msg_is_MGF1_SHA512()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32], Gen.Byte.Array[32], Gen.Byte.Array[0, 300])
            .Sample((key, optRand, root, message) =>
            {
                byte[] prefix = [0, 0];
                byte[] r = new byte[32];
                MessageHash.PrfMsg(key, optRand, prefix, message, r);
                bool prfOk = r.AsSpan().SequenceEqual(HMACSHA512.HashData(key, (byte[])[.. optRand, .. prefix, .. message]).AsSpan(0, 32));

                // pkSeed = optRand here: any 32 bytes.
                byte[] digest = new byte[SlhParameters.M];
                MessageHash.HMsg(r, optRand, root, prefix, message, digest);
                byte[] seed = [.. r, .. optRand, .. SHA512.HashData([.. r, .. optRand, .. root, .. prefix, .. message])];
                byte[] mgf = [.. SHA512.HashData([.. seed, 0, 0, 0, 0]), .. SHA512.HashData([.. seed, 0, 0, 0, 1])];
                return prfOk && digest.AsSpan().SequenceEqual(mgf.AsSpan(0, SlhParameters.M));
            }, iter: 200);
    }

    [Test]
    public void The_WOTS_digits_are_the_message_nibbles_and_the_shifted_checksum()
    {
        byte[] digits = new byte[SlhParameters.Len];
        Wots.Digits(new byte[32], digits);
        digits[..64].Should().OnlyContain(d => d == 0);
        digits[64..].Should().Equal(3, 12, 0); // 64 · 15 = 960 = 0x3C0, shifted left by 4: 0x3C00

        byte[] message = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        message[0] = 0x1E;
        Wots.Digits(message, digits);
        digits[..4].Should().Equal(1, 14, 15, 15);
        digits[64..].Should().Equal(0, 0, 15); // (15 − 1) + (15 − 14) = 15 = 0x00F, shifted: 0x00F0
    }

    [Test]
    public void The_FORS_indices_are_consecutive_14_bit_fields_most_significant_first()
    {
        byte[] md = new byte[SlhParameters.MdLength];
        uint[] expected = new uint[SlhParameters.K];
        var bits = new System.Collections.BitArray(md.Length * 8);
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = (uint)((i * 2731) + 5) & 0x3FFF;
            for (int b = 0; b < 14; b++)
            {
                bits[(i * 14) + b] = ((expected[i] >> (13 - b)) & 1) == 1;
            }
        }

        for (int i = 0; i < bits.Length; i++)
        {
            if (bits[i])
            {
                md[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        uint[] indices = new uint[SlhParameters.K];
        Fors.Indices(md, indices);
        indices.Should().Equal(expected);
        BinaryPrimitives.ReadUInt16BigEndian(md).Should().Be((ushort)((expected[0] << 2) | (expected[1] >> 12)));
    }

    [Test]
    public void The_hypertree_layers_take_8_bits_of_the_tree_index_each()
    {
        ulong[] trees = new ulong[SlhParameters.D];
        uint[] leaves = new uint[SlhParameters.D];
        Hypertree.Layers(0x00AB_CDEF_0123_4567, 0x89, trees, leaves);
        leaves.Should().Equal(0x89, 0x67, 0x45, 0x23, 0x01, 0xEF, 0xCD, 0xAB);
        trees.Should().Equal(0x00AB_CDEF_0123_4567UL, 0xAB_CDEF_0123_45UL, 0xAB_CDEF_0123UL, 0xAB_CDEF_01UL, 0xAB_CDEFUL, 0xAB_CDUL, 0xABUL, 0UL);
    }
}

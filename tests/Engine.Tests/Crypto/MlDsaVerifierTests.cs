using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Crypto.MlDsaFips204;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The engine's own ML-DSA verification (FIPS 204 Alg. 3/8 on a key decoded once) against BouncyCastle's, for all
/// three parameter sets: every genuine signature accepted by both, and for thousands of tampered twins (a bit flipped
/// anywhere, hint bytes rewritten, z pushed to the norm bound, another message or key, random bytes) the same verdict
/// as BouncyCastle's.
/// </summary>
[TestFixture]
public sealed class MlDsaVerifierTests
{
    private static readonly MlDsa[] Schemes = [MlDsa.MlDsa44, MlDsa.MlDsa65, MlDsa.MlDsa87];

    private sealed record Signed(MlDsa Scheme, KeyPair Key, byte[] Message, byte[] Signature);

    private static readonly Lazy<Signed[]> Cases = new(() =>
        Schemes.SelectMany(scheme => new[] { 0, 1, 33, 1000, 70_001 }.Select(length =>
        {
            var random = new ReferenceStreamRandom($"ml-dsa verify/{scheme.Name}/{length}");
            KeyPair key = scheme.GenerateKeyPair(random);
            byte[] message = new byte[length];
            random.Fill(message);
            return new Signed(scheme, key, message, scheme.Sign(key, message, random));
        })).ToArray());

    private static void SameVerdict(MlDsa scheme, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, string what)
    {
        bool library = scheme.VerifyWithBouncyCastle(publicKey, message, signature);
        bool own = scheme.Verify(publicKey, message, signature);
        own.Should().Be(library, $"{scheme.Name}: {what}");
    }

    [Test]
    public void The_platform_has_SHAKE_so_the_engine_signs_and_verifies_with_its_own_code()
    {
        MlDsaSampling.IsSupported.Should().BeTrue("OpenSSL 3 has SHAKE128/256");
        MlDsa.OwnImplementation.Should().Be(Environment.GetEnvironmentVariable("E2EE_MLDSA")?.ToLowerInvariant() != "library");
    }

    [Test]
    public void The_twiddle_factors_are_the_FIPS_204_reference_tables()
    {
        // zetas[1], zetas[2], zetas[3] and zetas[255] of the reference code's table (ζ^brv8(i)·2³² mod q, centred).
        MlDsaNtt.Zetas[1].Should().Be(25847);
        MlDsaNtt.Zetas[2].Should().Be(-2608894);
        MlDsaNtt.Zetas[3].Should().Be(-518909);
        MlDsaNtt.Zetas[255].Should().Be(1976782);
    }

    [Test]
    public void Sizes_follow_from_the_parameters()
    {
        foreach (MlDsa scheme in Schemes)
        {
            Cases.Value.First(c => c.Scheme == scheme).Key.PublicKey.Length.Should().Be(scheme.PublicKeyLength);
        }

        (MlDsaParameterSet.MlDsa44.PublicKeyLength, MlDsaParameterSet.MlDsa44.SignatureLength).Should().Be((1312, 2420));
        (MlDsaParameterSet.MlDsa65.PublicKeyLength, MlDsaParameterSet.MlDsa65.SignatureLength).Should().Be((1952, 3309));
        (MlDsaParameterSet.MlDsa87.PublicKeyLength, MlDsaParameterSet.MlDsa87.SignatureLength).Should().Be((2592, 4627));
    }

    [Test]
    public void Signing_gives_BouncyCastles_signature_for_the_same_random_bytes()
    {
        foreach (MlDsa scheme in Schemes)
        {
            KeyPair key = scheme.GenerateKeyPair(new ReferenceStreamRandom($"ml-dsa sign/{scheme.Name}"));
            foreach (int length in new[] { 0, 1, 64, 5000 })
            {
                for (int i = 0; i < 6; i++)
                {
                    byte[] message = new byte[length];
                    new ReferenceStreamRandom($"ml-dsa sign/{scheme.Name}/{length}/{i}/m").Fill(message);
                    var own = new ReferenceStreamRandom($"ml-dsa sign/{scheme.Name}/{length}/{i}");
                    var library = new ReferenceStreamRandom($"ml-dsa sign/{scheme.Name}/{length}/{i}");
                    byte[] ours = scheme.Sign(key, message, own);
                    ours.Should().Equal(scheme.SignWithBouncyCastle(key.PrivateKey.Span, message, library), $"{scheme.Name}, {length} bytes, #{i}");
                    own.Position.Should().Be(library.Position, "both draw exactly rnd");
                    scheme.Sign(key.PrivateKey.Span, message, new ReferenceStreamRandom($"ml-dsa sign/{scheme.Name}/{length}/{i}")).Should().Equal(ours);
                }
            }
        }
    }

    [Test]
    public void Genuine_signatures_verify_with_both()
    {
        foreach (Signed c in Cases.Value)
        {
            c.Scheme.Verify(c.Key.PublicKey, c.Message, c.Signature).Should().BeTrue($"{c.Scheme.Name}, {c.Message.Length} bytes");
            c.Scheme.VerifyWithBouncyCastle(c.Key.PublicKey, c.Message, c.Signature).Should().BeTrue();
        }
    }

    [Test]
    public void Every_one_bit_twin_of_the_signature_gets_the_same_verdict()
    {
        foreach (Signed c in Cases.Value.Where(c => c.Message.Length == 33))
        {
            // Every bit of c̃, the first and last z bytes, and every byte of the hint section; a stride through the rest.
            int zEnd = c.Signature.Length - (c.Scheme == MlDsa.MlDsa44 ? 84 : c.Scheme == MlDsa.MlDsa65 ? 61 : 83);
            IEnumerable<int> positions = Enumerable.Range(0, 72)
                .Concat(Enumerable.Range(zEnd - 8, c.Signature.Length - zEnd + 8))
                .Concat(Enumerable.Range(0, c.Signature.Length).Where(i => i % 37 == 5))
                .Where(i => i < c.Signature.Length)
                .Distinct();
            foreach (int position in positions)
            {
                for (int bit = 0; bit < 8; bit += position < 72 || position >= zEnd ? 1 : 3)
                {
                    byte[] twin = (byte[])c.Signature.Clone();
                    twin[position] ^= (byte)(1 << bit);
                    SameVerdict(c.Scheme, c.Key.PublicKey, c.Message, twin, $"bit {bit} of byte {position} flipped");
                    c.Scheme.Verify(c.Key.PublicKey, c.Message, twin).Should().BeFalse();
                }
            }
        }
    }

    [Test]
    public void Rewritten_hints_get_the_same_verdict_including_the_malformed_encodings()
    {
        foreach (Signed c in Cases.Value.Where(c => c.Message.Length == 1))
        {
            MlDsaParameterSet set = c.Scheme == MlDsa.MlDsa44 ? MlDsaParameterSet.MlDsa44 : c.Scheme == MlDsa.MlDsa65 ? MlDsaParameterSet.MlDsa65 : MlDsaParameterSet.MlDsa87;
            int hintStart = c.Signature.Length - set.Omega - set.K;
            var random = new ReferenceStreamRandom($"ml-dsa verify/hints/{set.Name}");
            byte[] one = new byte[3];
            for (int trial = 0; trial < 400; trial++)
            {
                byte[] twin = (byte[])c.Signature.Clone();
                random.Fill(one);
                int offset = one[0] % (set.Omega + set.K);
                // Row ends near their legal range, indices anywhere: out-of-order, repeated, past ω, trailing garbage.
                twin[hintStart + offset] = offset >= set.Omega ? (byte)(one[1] % (set.Omega + 3)) : one[1];
                if (trial % 3 == 0)
                {
                    twin[hintStart + (one[2] % (set.Omega + set.K))] = one[2];
                }

                SameVerdict(c.Scheme, c.Key.PublicKey, c.Message, twin, $"hint trial {trial}");
            }

            // Two indices of a row swapped (not increasing) and a row end moved below the previous one.
            byte[] swapped = (byte[])c.Signature.Clone();
            int firstEnd = swapped[hintStart + set.Omega];
            if (firstEnd >= 2)
            {
                (swapped[hintStart], swapped[hintStart + 1]) = (swapped[hintStart + 1], swapped[hintStart]);
                SameVerdict(c.Scheme, c.Key.PublicKey, c.Message, swapped, "swapped hint indices");
                c.Scheme.Verify(c.Key.PublicKey, c.Message, swapped).Should().BeFalse();
            }

            byte[] shrunk = (byte[])c.Signature.Clone();
            shrunk[hintStart + set.Omega + 1] = 0;
            shrunk[hintStart + set.Omega] = (byte)Math.Max(1, (int)shrunk[hintStart + set.Omega]);
            SameVerdict(c.Scheme, c.Key.PublicKey, c.Message, shrunk, "a row end below the previous one");
        }
    }

    [Test]
    public void A_z_coefficient_at_the_norm_bound_is_refused_by_both_and_one_below_is_judged_alike()
    {
        foreach (Signed c in Cases.Value.Where(c => c.Message.Length == 0))
        {
            MlDsaParameterSet set = c.Scheme == MlDsa.MlDsa44 ? MlDsaParameterSet.MlDsa44 : c.Scheme == MlDsa.MlDsa65 ? MlDsaParameterSet.MlDsa65 : MlDsaParameterSet.MlDsa87;
            int bits = set.Gamma1Bits + 1;
            foreach (int z in new[] { set.Gamma1 - set.Beta, set.Gamma1 - set.Beta - 1, -(set.Gamma1 - set.Beta), set.Gamma1, -set.Gamma1 + 1 })
            {
                byte[] twin = (byte[])c.Signature.Clone();
                int[] first = new int[MlDsaParameterSet.N];
                BitPacking.Unpack(twin.AsSpan(set.CTildeLength, set.ZPolyBytes), bits, first);
                first[0] = set.Gamma1 - z;
                BitPacking.Pack(first, bits, twin.AsSpan(set.CTildeLength, set.ZPolyBytes));
                SameVerdict(c.Scheme, c.Key.PublicKey, c.Message, twin, $"z[0] = {z}");
                c.Scheme.Verify(c.Key.PublicKey, c.Message, twin).Should().BeFalse();
            }
        }
    }

    [Test]
    public void Another_message_another_key_or_a_wrong_length_is_refused_without_an_exception()
    {
        foreach (Signed c in Cases.Value.Where(c => c.Message.Length == 1000))
        {
            byte[] other = (byte[])c.Message.Clone();
            other[999] ^= 1;
            SameVerdict(c.Scheme, c.Key.PublicKey, other, c.Signature, "another message");
            c.Scheme.Verify(c.Key.PublicKey, other, c.Signature).Should().BeFalse();

            KeyPair stranger = c.Scheme.GenerateKeyPair(new ReferenceStreamRandom($"ml-dsa verify/stranger/{c.Scheme.Name}"));
            SameVerdict(c.Scheme, stranger.PublicKey, c.Message, c.Signature, "another key");
            c.Scheme.Verify(stranger.PublicKey, c.Message, c.Signature).Should().BeFalse();

            byte[] key = (byte[])c.Key.PublicKey.Clone();
            key[40] ^= 0x10;
            SameVerdict(c.Scheme, key, c.Message, c.Signature, "a t1 bit of the key flipped");
            key[3] ^= 0x01;
            SameVerdict(c.Scheme, key, c.Message, c.Signature, "a ρ bit of the key flipped");

            c.Scheme.Verify(c.Key.PublicKey, c.Message, c.Signature.AsSpan(1)).Should().BeFalse();
            c.Scheme.Verify(c.Key.PublicKey, c.Message, [.. c.Signature, 0]).Should().BeFalse();
            c.Scheme.Verify(c.Key.PublicKey.AsSpan(1), c.Message, c.Signature).Should().BeFalse();
            c.Scheme.Verify([], c.Message, []).Should().BeFalse();
        }
    }

    [Test]
    public void Random_signatures_and_keys_get_the_same_verdict()
    {
        Gen.Int[0, 2].SelectMany(s => Gen.Byte.Array[Schemes[s].SignatureLength], (s, sig) => (s, sig))
            .SelectMany(t => Gen.Byte.Array[Schemes[t.s].PublicKeyLength], (t, key) => (t.s, t.sig, key))
            .Sample(t => Schemes[t.s].Verify(t.key, "m"u8, t.sig) == Schemes[t.s].VerifyWithBouncyCastle(t.key, "m"u8, t.sig), iter: 60);
    }

    [Test]
    public void A_cached_key_gives_the_same_verdicts_as_a_fresh_decoding()
    {
        Signed c = Cases.Value.First(c => c.Scheme == MlDsa.MlDsa87 && c.Message.Length == 70_001);
        MlDsaVerifyingKey fresh = MlDsaVerifyingKey.Decode(MlDsaParameterSet.MlDsa87, c.Key.PublicKey, FreshMatrix);
        for (int i = 0; i < 3; i++)
        {
            MlDsaVerifier.Verify(fresh, c.Message, c.Signature).Should().BeTrue();
            c.Scheme.Verify(c.Key.PublicKey, c.Message, c.Signature).Should().BeTrue();
        }

        FluentActions.Invoking(() => MlDsaVerifyingKey.Decode(MlDsaParameterSet.MlDsa87, c.Key.PublicKey.AsSpan(1).ToArray(), FreshMatrix)).Should().Throw<ArgumentException>();
    }

    private static int[] FreshMatrix(ReadOnlySpan<byte> rho)
    {
        int[] matrix = new int[MlDsaParameterSet.MlDsa87.K * MlDsaParameterSet.MlDsa87.L * MlDsaParameterSet.N];
        MlDsaSampling.ExpandA(rho, MlDsaParameterSet.MlDsa87, matrix);
        return matrix;
    }
}

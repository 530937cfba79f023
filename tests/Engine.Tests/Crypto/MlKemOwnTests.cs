using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Crypto.MlKemFips203;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The engine's own ML-KEM (FIPS 203 Alg. 16–18 with K-PKE, keys decoded once) against BouncyCastle's for all three
/// parameter sets: the same keys from the same d ‖ z, the same ciphertexts and secrets from the same m, the same
/// secret for every tampered ciphertext (implicit rejection), and the same refusals of keys that fail the §7.2 and §7.3
/// checks.
/// </summary>
[TestFixture]
public sealed class MlKemOwnTests
{
    private static readonly MlKem[] Kems = [MlKem.MlKem512, MlKem.MlKem768, MlKem.MlKem1024];

    private static IEnumerable<MlKem> AllKems() => Kems;

    [Test]
    public void The_platform_has_SHA3_so_the_engine_runs_its_own_code()
    {
        MlKemSampling.IsSupported.Should().BeTrue("OpenSSL 3 has SHA-3 and SHAKE");
        MlKem.OwnImplementation.Should().Be(Environment.GetEnvironmentVariable("E2EE_MLKEM")?.ToLowerInvariant() != "library");
    }

    [Test]
    public void The_twiddle_factors_are_the_reference_tables()
    {
        MlKemNtt.Zetas[0].Should().Be(-1044);
        MlKemNtt.Zetas[1].Should().Be(-758);
        MlKemNtt.Zetas[2].Should().Be(-359);
        MlKemNtt.Zetas[127].Should().Be(1628);
    }

    [Test]
    public void The_16_lane_kernels_give_the_scalar_kernels_results()
    {
        if (!MlKemNtt.Vectorized)
        {
            Assert.Ignore("no AVX2 here: the scalar kernels are the only ones");
        }

        // Inputs at and around the bounds the reference proves: NTT inputs in (−q, q), products of reduced values.
        Gen<short[]> poly = Gen.OneOf(Gen.Short[-3328, 3328], Gen.Const((short)-3328), Gen.Const((short)3328), Gen.Const((short)0)).Array[256];
        Gen.Select(poly, poly, poly).Sample(t =>
        {
            short[] scalar = (short[])t.Item1.Clone();
            short[] vector = (short[])t.Item1.Clone();
            MlKemNtt.ForwardScalar(scalar);
            MlKemNtt.ForwardVector(vector);
            bool forward = scalar.AsSpan().SequenceEqual(vector);

            short[] inverseScalar = (short[])t.Item2.Clone();
            short[] inverseVector = (short[])t.Item2.Clone();
            MlKemNtt.InverseScalar(inverseScalar);
            MlKemNtt.InverseVector(inverseVector);
            bool inverse = inverseScalar.AsSpan().SequenceEqual(inverseVector);

            short[] accScalar = (short[])t.Item3.Clone();
            short[] accVector = (short[])t.Item3.Clone();
            for (int i = 0; i < 256; i++)
            {
                accScalar[i] = accVector[i] = (short)(accScalar[i] / 4);
            }

            MlKemNtt.MultiplyAccumulateScalar(scalar, t.Item2, accScalar);
            MlKemNtt.MultiplyAccumulateVector(scalar, t.Item2, accVector);
            return forward && inverse && accScalar.AsSpan().SequenceEqual(accVector);
        }, iter: 2000);
    }

    [Test]
    public void Division_by_q_without_a_divide_instruction_is_exact_for_every_value_compression_meets()
    {
        // Compress_d's numerators are below 2^23 (x < q, d ≤ 11): every one of them.
        for (uint n = 0; n < (1u << 23); n++)
        {
            if (MlKemEncoding.DivideByQ(n) != (int)(n / MlKemParameterSet.Q))
            {
                Assert.Fail($"⌊{n}/q⌋ wrong");
            }
        }
    }

    [TestCaseSource(nameof(AllKems))]
    public void Key_generation_gives_BouncyCastles_keys_from_the_same_64_bytes(MlKem kem)
    {
        for (int i = 0; i < 12; i++)
        {
            var own = new ReferenceStreamRandom($"ml-kem own/keygen/{kem.Name}/{i}");
            var library = new ReferenceStreamRandom($"ml-kem own/keygen/{kem.Name}/{i}");
            KeyPair ours = kem.GenerateKeyPair(own);
            KeyPair theirs = kem.GenerateKeyPairWithBouncyCastle(library);
            ours.PublicKey.Should().Equal(theirs.PublicKey);
            ours.PrivateKey.Span.ToArray().Should().Equal(theirs.PrivateKey.Span.ToArray());
            own.Position.Should().Be(library.Position, "both draw exactly d ‖ z");
        }
    }

    [TestCaseSource(nameof(AllKems))]
    public void Encapsulation_and_decapsulation_give_BouncyCastles_bytes(MlKem kem)
    {
        KeyPair key = kem.GenerateKeyPair(new ReferenceStreamRandom($"ml-kem own/encaps/{kem.Name}"));
        for (int i = 0; i < 12; i++)
        {
            var own = new ReferenceStreamRandom($"ml-kem own/encaps/{kem.Name}/{i}");
            var library = new ReferenceStreamRandom($"ml-kem own/encaps/{kem.Name}/{i}");
            KemEncapsulation ours = kem.Encapsulate(key.PublicKey, own);
            KemEncapsulation theirs = kem.EncapsulateWithBouncyCastle(key.PublicKey, library);
            ours.Ciphertext.Should().Equal(theirs.Ciphertext);
            ours.SharedSecret.Span.ToArray().Should().Equal(theirs.SharedSecret.Span.ToArray());
            own.Position.Should().Be(library.Position, "both draw exactly m");

            kem.Decapsulate(key.PrivateKey.Span, ours.Ciphertext).Span.ToArray().Should().Equal(ours.SharedSecret.Span.ToArray());
            kem.Decapsulate(key, ours.Ciphertext).Span.ToArray().Should().Equal(ours.SharedSecret.Span.ToArray());
            kem.DecapsulateWithBouncyCastle(key.PrivateKey.Span, ours.Ciphertext).Span.ToArray().Should().Equal(ours.SharedSecret.Span.ToArray());
        }
    }

    [TestCaseSource(nameof(AllKems))]
    public void Every_tampered_ciphertext_gets_BouncyCastles_implicit_rejection_secret(MlKem kem)
    {
        var random = new ReferenceStreamRandom($"ml-kem own/tamper/{kem.Name}");
        KeyPair key = kem.GenerateKeyPair(random);
        KemEncapsulation genuine = kem.Encapsulate(key.PublicKey, random);
        byte[] secret = genuine.SharedSecret.Span.ToArray();
        for (int position = 0; position < kem.CiphertextLength; position += 7)
        {
            byte[] twin = (byte[])genuine.Ciphertext.Clone();
            twin[position] ^= (byte)(1 << (position % 8));
            byte[] ours = kem.Decapsulate(key, twin).Span.ToArray();
            ours.Should().Equal(kem.DecapsulateWithBouncyCastle(key.PrivateKey.Span, twin).Span.ToArray(), $"byte {position} flipped");
            ours.Should().NotEqual(secret);
        }
    }

    [Test]
    public void Random_ciphertexts_get_the_same_secret()
    {
        KeyPair[] keys = Kems.Select(k => k.GenerateKeyPair(new ReferenceStreamRandom($"ml-kem own/random/{k.Name}"))).ToArray();
        Gen.Int[0, 2].SelectMany(i => Gen.Byte.Array[Kems[i].CiphertextLength], (i, ct) => (i, ct)).Sample(
            t => Kems[t.i].Decapsulate(keys[t.i], t.ct).Span.SequenceEqual(Kems[t.i].DecapsulateWithBouncyCastle(keys[t.i].PrivateKey.Span, t.ct).Span),
            iter: 60);
    }

    [TestCaseSource(nameof(AllKems))]
    public void A_key_with_a_coefficient_not_below_q_is_refused_like_BouncyCastle_refuses_it(MlKem kem)
    {
        KeyPair key = kem.GenerateKeyPair(new ReferenceStreamRandom($"ml-kem own/invalid/{kem.Name}"));
        foreach (int coefficient in new[] { 0, 1, 255 })
        {
            foreach (int value in new[] { 3328, 3329, 4095 })
            {
                byte[] bad = (byte[])key.PublicKey.Clone();
                // The coefficient's 12 bits: byte 3c/2 and the next, low or high half.
                int bit = coefficient * 12;
                int v = value;
                for (int b = 0; b < 12; b++, bit++)
                {
                    bad[bit / 8] = (byte)((bad[bit / 8] & ~(1 << (bit % 8))) | (((v >> b) & 1) << (bit % 8)));
                }

                bool valid = value < MlKemParameterSet.Q;
                kem.IsValidPublicKey(bad).Should().Be(valid, $"coefficient {coefficient} = {value}");
                if (valid)
                {
                    kem.Encapsulate(bad, new ReferenceStreamRandom("m")).Ciphertext.Should()
                        .Equal(kem.EncapsulateWithBouncyCastle(bad, new ReferenceStreamRandom("m")).Ciphertext);
                }
                else
                {
                    FluentActions.Invoking(() => kem.Encapsulate(bad, new ReferenceStreamRandom("m"))).Should().Throw<ArgumentException>().WithMessage("*7.2*");
                    FluentActions.Invoking(() => kem.EncapsulateWithBouncyCastle(bad, new ReferenceStreamRandom("m"))).Should().Throw<ArgumentException>();
                }
            }
        }
    }

    [TestCaseSource(nameof(AllKems))]
    public void A_private_key_whose_hash_does_not_match_is_refused_like_BouncyCastle_refuses_it(MlKem kem)
    {
        KeyPair key = kem.GenerateKeyPair(new ReferenceStreamRandom($"ml-kem own/dk/{kem.Name}"));
        byte[] ciphertext = kem.Encapsulate(key.PublicKey, new ReferenceStreamRandom("m")).Ciphertext;
        foreach (int position in new[] { kem.PrivateKeyLength - 64, kem.PrivateKeyLength - 40, (kem.PrivateKeyLength / 2) + 10 })
        {
            byte[] bad = key.PrivateKey.Span.ToArray();
            bad[position] ^= 1;
            FluentActions.Invoking(() => kem.Decapsulate(bad, ciphertext)).Should().Throw<ArgumentException>().WithMessage("*7.3*");
            FluentActions.Invoking(() => kem.DecapsulateWithBouncyCastle(bad, ciphertext)).Should().Throw<ArgumentException>();
        }

        // A flipped bit of ŝ or z is no check's business: both give the same (wrong or rejecting) secret.
        foreach (int position in new[] { 0, 100, kem.PrivateKeyLength - 1 })
        {
            byte[] odd = key.PrivateKey.Span.ToArray();
            odd[position] ^= 0x80;
            kem.Decapsulate(odd, ciphertext).Span.ToArray().Should().Equal(kem.DecapsulateWithBouncyCastle(odd, ciphertext).Span.ToArray());
        }
    }
}

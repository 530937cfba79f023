using System.Security.Cryptography;
using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Crypto.Hashing;
using E2eeConformance.Engine.Crypto.MlKemFips203;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// Eight Keccak permutations in AVX-512 lanes (issue 17, <see cref="Keccak1600x8"/>): SHAKE128 and SHAKE256 of eight
/// inputs equal the platform's for every input length below the rate and outputs of one to several blocks; and ML-KEM,
/// whose matrix and noise streams now run eight at a time, gives BouncyCastle's keys and ciphertexts with the lanes
/// switched off as with them on. Skipped on a processor without AVX-512.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KeccakLanesTests
{
    [SetUp]
    public void RequireLanes() => Assume.That(HashLanes.IsSupported, "this processor has no AVX-512");

    [TearDown]
    public void Restore() => HashLanes.ForceScalar = false;

    [TestCase(Keccak1600x8.Shake128Rate)]
    [TestCase(Keccak1600x8.Shake256Rate)]
    public void Eight_SHAKE_lanes_equal_the_platforms_SHAKE(int rate)
    {
        Gen.Select(Gen.Int[0, rate - 1], Gen.Int[1, 3 * rate], Gen.Int)
            .Sample((inputLength, outputLength, seed) =>
            {
                byte[] inputs = new byte[8 * inputLength];
                new Random(seed).NextBytes(inputs);
                byte[] outputs = new byte[8 * outputLength];
                Keccak1600x8.Shake(rate, inputs, inputLength, outputs, outputLength);
                for (int lane = 0; lane < 8; lane++)
                {
                    byte[] input = inputs.AsSpan(lane * inputLength, inputLength).ToArray();
                    byte[] expected = rate == Keccak1600x8.Shake128Rate ? Shake128.HashData(input, outputLength) : Shake256.HashData(input, outputLength);
                    if (!outputs.AsSpan(lane * outputLength, outputLength).SequenceEqual(expected))
                    {
                        return false;
                    }
                }

                return true;
            }, iter: 100);
    }

    [Test]
    public void An_input_as_long_as_the_rate_is_refused()
    {
        FluentActions.Invoking(() => Keccak1600x8.Shake(Keccak1600x8.Shake256Rate, new byte[8 * 136], 136, new byte[8], 1))
            .Should().Throw<ArgumentException>();
    }

    [Test]
    public void A_matrix_entry_whose_three_blocks_run_out_is_sampled_from_a_longer_stream_in_lanes_too()
    {
        // About one entry in a hundred needs more than 504 bytes of SHAKE128 (336 candidates for 256 coefficients): find
        // a ρ with such an entry (deterministically), then expand its matrix with the lanes on and off.
        byte[] rho = new byte[32];
        int tries = 0;
        while (!NeedsALongerStream(rho))
        {
            BitConverter.TryWriteBytes(rho, ++tries).Should().BeTrue();
        }

        short[] lanes = new short[16 * 256], single = new short[16 * 256];
        MlKemSampling.ExpandMatrix(rho, 4, transposed: false, lanes);
        HashLanes.ForceScalar = true;
        MlKemSampling.ExpandMatrix(rho, 4, transposed: false, single);
        lanes.Should().Equal(single);
        lanes.Should().OnlyContain(c => c >= 0 && c < 3329);
    }

    private static bool NeedsALongerStream(byte[] rho)
    {
        for (int entry = 0; entry < 16; entry++)
        {
            byte[] stream = Shake128.HashData([.. rho, (byte)(entry % 4), (byte)(entry / 4)], 504);
            int kept = 0;
            for (int i = 0; i + 3 <= stream.Length; i += 3)
            {
                kept += ((stream[i] | ((stream[i + 1] & 0x0F) << 8)) < 3329 ? 1 : 0) + ((((stream[i + 1] >> 4) | (stream[i + 2] << 4)) < 3329) ? 1 : 0);
            }

            if (kept < 256)
            {
                return true;
            }
        }

        return false;
    }

    [Test]
    public void ML_KEM_gives_BouncyCastles_keys_and_ciphertexts_with_the_lanes_switched_off()
    {
        foreach (MlKem kem in new[] { MlKem.MlKem512, MlKem.MlKem768, MlKem.MlKem1024 })
        {
            for (int i = 0; i < 3; i++)
            {
                HashLanes.ForceScalar = i % 2 == 0;
                KeyPair own = kem.GenerateKeyPair(new ReferenceStreamRandom($"keccak lanes/{kem.Name}/{i}"));
                KeyPair library = kem.GenerateKeyPairWithBouncyCastle(new ReferenceStreamRandom($"keccak lanes/{kem.Name}/{i}"));
                own.PublicKey.Should().Equal(library.PublicKey);
                KemEncapsulation ours = kem.Encapsulate(own.PublicKey, new ReferenceStreamRandom($"keccak lanes/encaps/{i}"));
                KemEncapsulation theirs = kem.EncapsulateWithBouncyCastle(library.PublicKey, new ReferenceStreamRandom($"keccak lanes/encaps/{i}"));
                ours.Ciphertext.Should().Equal(theirs.Ciphertext);
                ours.SharedSecret.Span.ToArray().Should().Equal(theirs.SharedSecret.Span.ToArray());
            }
        }
    }
}

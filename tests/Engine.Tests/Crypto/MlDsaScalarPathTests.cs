using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Crypto.MlDsaFips204;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The ML-DSA transforms' scalar path (what runs without AVX2), forced on this machine: the same signatures as
/// BouncyCastle for the same rnd, and the same verdicts on genuine and tampered signatures.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class MlDsaScalarPathTests
{
    [TearDown]
    public void Restore() => MlDsaNtt.ForceScalar = false;

    [Test]
    public void The_scalar_path_signs_and_verifies_as_BouncyCastle_does()
    {
        MlDsaNtt.ForceScalar = true;
        MlDsaNtt.Vectorized.Should().BeFalse();
        foreach (MlDsa scheme in new[] { MlDsa.MlDsa44, MlDsa.MlDsa65, MlDsa.MlDsa87 })
        {
            KeyPair key = scheme.GenerateKeyPair(new ReferenceStreamRandom($"ml-dsa scalar/{scheme.Name}"));
            for (int i = 0; i < 3; i++)
            {
                byte[] message = [(byte)i, 1, 2, 3];
                byte[] ours = scheme.Sign(key.PrivateKey.Span, message, new ReferenceStreamRandom($"ml-dsa scalar/{i}"));
                ours.Should().Equal(scheme.SignWithBouncyCastle(key.PrivateKey.Span, message, new ReferenceStreamRandom($"ml-dsa scalar/{i}")));

                // A key this fixture has not verified with yet, so that it is decoded on the scalar path too.
                byte[] stranger = (byte[])key.PublicKey.Clone();
                stranger[^1] ^= (byte)(i + 1);
                scheme.Verify(stranger, message, ours).Should().Be(scheme.VerifyWithBouncyCastle(stranger, message, ours));
                scheme.Verify(key.PublicKey, message, ours).Should().BeTrue();
                ours[10] ^= 4;
                scheme.Verify(key.PublicKey, message, ours).Should().BeFalse();
            }
        }
    }
}

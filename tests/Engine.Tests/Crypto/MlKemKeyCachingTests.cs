using System.Text.Json;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// ML-KEM decapsulation through a <see cref="KeyPair"/>, whose decoded (and FIPS 203 §7.3-checked) private key is kept on
/// the pair, against the span overload that decodes every time: the same secret for genuine and tampered ciphertexts,
/// first and cached, per pair, never printed, and nothing kept for a key that fails the check or has been wiped.
/// </summary>
[TestFixture]
public sealed class MlKemKeyCachingTests
{
    private static readonly Lazy<JsonDocument> Primitives = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(SharedPaths.E2eeSecurity, "primitives.json"))));

    private static IEnumerable<MlKem> Kems() => [MlKem.MlKem512, MlKem.MlKem768, MlKem.MlKem1024];

    private static byte[] Vector(string field) =>
        Convert.FromHexString(Primitives.Value.RootElement.GetProperty("mlkem1024").GetProperty(field).GetString()!);

    [TestCaseSource(nameof(Kems))]
    public void Key_pair_and_span_overloads_give_the_same_secret_for_genuine_and_tampered_ciphertexts(MlKem kem)
    {
        var random = new ReferenceStreamRandom("mlkem pair decaps " + kem.Name);
        for (int i = 0; i < 3; i++)
        {
            KeyPair pair = kem.GenerateKeyPair(random);
            KemEncapsulation e = kem.Encapsulate(pair.PublicKey, random);
            byte[] tampered = (byte[])e.Ciphertext.Clone();
            tampered[i * 7] ^= 0x40;

            foreach ((string what, byte[] ciphertext) in new[] { ("genuine", e.Ciphertext), ("tampered", tampered) })
            {
                using SecretBytes viaSpan = kem.Decapsulate(pair.PrivateKey.Span, ciphertext);
                using SecretBytes viaPair = kem.Decapsulate(pair, ciphertext);
                using SecretBytes viaPairCached = kem.Decapsulate(pair, ciphertext);

                viaPair.Should().Be(viaSpan, $"key {i}, {what}, first use decodes");
                viaPairCached.Should().Be(viaSpan, $"key {i}, {what}, the decoded key kept on the pair");
            }

            using SecretBytes genuine = kem.Decapsulate(pair, e.Ciphertext);
            using SecretBytes rejected = kem.Decapsulate(pair, tampered);
            genuine.Should().Be(e.SharedSecret, $"key {i}");
            rejected.Should().NotBe(e.SharedSecret, $"key {i}: implicit rejection");
        }
    }

    [Test]
    public void The_reference_key_pair_decapsulates_the_reference_ciphertext_every_time()
    {
        var pair = new KeyPair(Vector("public_key"), SecretBytes.Own(Vector("private_key")));

        for (int i = 0; i < 2; i++)
        {
            using SecretBytes secret = MlKem.MlKem1024.Decapsulate(pair, Vector("ciphertext"));
            secret.ToArray().Should().Equal(Vector("shared_secret"), $"decapsulation {i}");
        }
    }

    [Test]
    public void The_interface_overload_keeps_the_decoded_key_on_its_own_pair_and_nothing_prints_it()
    {
        IKem kem = MlKem.MlKem1024;
        var random = new ReferenceStreamRandom("mlkem cache print");
        KeyPair a = kem.GenerateKeyPair(random);
        KeyPair b = kem.GenerateKeyPair(random);
        KemEncapsulation toA = kem.Encapsulate(a.PublicKey, random);
        string before = a.ToString();

        using SecretBytes fromA = kem.Decapsulate(a, toA.Ciphertext);
        using SecretBytes fromB = kem.Decapsulate(b, toA.Ciphertext);

        fromA.Should().Be(toA.SharedSecret);
        fromB.Should().NotBe(toA.SharedSecret);
        using (SecretBytes bSpan = kem.Decapsulate(b.PrivateKey.Span, toA.Ciphertext))
        {
            fromB.Should().Be(bSpan);
        }

        a.SchemeCache.Should().BeOfType<DecodedPrivateKey>().Which.Scheme.Should().BeSameAs(MlKem.MlKem1024);
        a.SchemeCache.Should().NotBeSameAs(b.SchemeCache);
        a.SchemeCache!.ToString().Should().Be("DecodedPrivateKey(ML-KEM-1024, not shown)");
        a.ToString().Should().Be(before);
        a.ToString().Should().NotContain(Convert.ToHexStringLower(a.PrivateKey.Span[..4]));
    }

    [Test]
    public void A_pair_whose_key_fails_the_hash_check_or_is_wiped_decapsulates_like_the_span_path_and_keeps_nothing()
    {
        MlKem kem = MlKem.MlKem1024;
        var random = new ReferenceStreamRandom("mlkem bad pair");
        KeyPair good = kem.GenerateKeyPair(random);
        byte[] ciphertext = kem.Encapsulate(good.PublicKey, random).Ciphertext;
        byte[] corrupted = good.PrivateKey.ToArray();
        corrupted[kem.PrivateKeyLength - 40] ^= 1; // inside H(ek): the §7.3 check fails
        var bad = new KeyPair(good.PublicKey, SecretBytes.Own(corrupted));

        FluentActions.Invoking(() => kem.Decapsulate(bad, ciphertext)).Should().Throw<ArgumentException>().WithMessage("*7.3*");
        FluentActions.Invoking(() => kem.Decapsulate(bad.PrivateKey.Span, ciphertext)).Should().Throw<ArgumentException>().WithMessage("*7.3*");
        bad.SchemeCache.Should().BeNull();

        kem.Decapsulate(good, ciphertext).Dispose();
        good.SchemeCache.Should().NotBeNull();
        good.PrivateKey.Dispose();
        FluentActions.Invoking(() => kem.Decapsulate(good, ciphertext)).Should().Throw<ArgumentException>("a wiped key fails the check, as on the span path");
        FluentActions.Invoking(() => kem.Decapsulate(good.PrivateKey.Span, ciphertext)).Should().Throw<ArgumentException>();
        good.SchemeCache.Should().BeNull();
    }

    [Test]
    public void X25519_decapsulates_a_pair_through_the_span_path()
    {
        IKem kem = X25519Kem.Instance;
        var random = new ReferenceStreamRandom("x25519 pair");
        KeyPair ours = kem.GenerateKeyPair(random);
        KeyPair theirs = kem.GenerateKeyPair(random);

        using SecretBytes viaPair = kem.Decapsulate(ours, theirs.PublicKey);
        using SecretBytes viaSpan = kem.Decapsulate(ours.PrivateKey.Span, theirs.PublicKey);
        using SecretBytes theirView = kem.Decapsulate(theirs.PrivateKey.Span, ours.PublicKey);

        viaPair.Should().Be(viaSpan);
        viaPair.Should().Be(theirView);
        ours.SchemeCache.Should().BeNull();
    }
}

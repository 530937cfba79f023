using System.Text.Json;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// ML-DSA's two caches against the uncached paths: the private key decoded once per <see cref="KeyPair"/> (signing) must
/// give the span overload's signature bytes for the same rnd, stay with its own pair, never print, and stop being used
/// once the pair's private key is wiped; the decoded verifying keys kept by public-key bytes must give the answer of a
/// freshly decoded key, for genuine and tampered signatures, keys and messages alike, and past the cache's capacity.
/// </summary>
[TestFixture]
public sealed class MlDsaKeyCachingTests
{
    private static readonly Lazy<JsonDocument> Primitives = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(SharedPaths.E2eeSecurity, "primitives.json"))));

    private static IEnumerable<MlDsa> Schemes() => [MlDsa.MlDsa44, MlDsa.MlDsa65, MlDsa.MlDsa87];

    private static byte[] Vector(string field) =>
        Convert.FromHexString(Primitives.Value.RootElement.GetProperty("mldsa87").GetProperty(field).GetString()!);

    private static byte[] FlipBit(byte[] bytes, int index)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[index] ^= 1;
        return copy;
    }

    /// <summary>BouncyCastle's verification with a key decoded for this call only: the uncached path.</summary>
    private static bool VerifyUncached(MlDsa scheme, byte[] publicKey, byte[] message, byte[] signature)
    {
        MLDsaParameters parameters = scheme == MlDsa.MlDsa44 ? MLDsaParameters.ml_dsa_44 : scheme == MlDsa.MlDsa65 ? MLDsaParameters.ml_dsa_65 : MLDsaParameters.ml_dsa_87;
        var verifier = new MLDsaSigner(parameters, deterministic: false);
        verifier.Init(forSigning: false, MLDsaPublicKeyParameters.FromEncoding(parameters, publicKey));
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature);
    }

    // ---- signing with the decoded private key kept on the pair ---------------------------------------------------

    [TestCaseSource(nameof(Schemes))]
    public void Key_pair_and_span_overloads_give_identical_signatures_first_and_cached(MlDsa scheme)
    {
        var random = new ReferenceStreamRandom("mldsa pair signing " + scheme.Name);
        var rng = new Random(204);
        for (int i = 0; i < 4; i++)
        {
            KeyPair pair = scheme.GenerateKeyPair(random);
            byte[] message = new byte[rng.Next(0, 300)];
            rng.NextBytes(message);
            byte[] rnd = new byte[MlDsa.SignRandomLength];
            rng.NextBytes(rnd);

            byte[] viaSpan = scheme.Sign(pair.PrivateKey.Span, message, new FixedRandom(rnd));
            byte[] viaPair = scheme.Sign(pair, message, new FixedRandom(rnd));
            byte[] viaPairCached = scheme.Sign(pair, message, new FixedRandom(rnd));

            viaPair.Should().Equal(viaSpan, $"key {i}, first use decodes");
            viaPairCached.Should().Equal(viaSpan, $"key {i}, the decoded key kept on the pair");
            scheme.Verify(pair.PublicKey, message, viaPairCached).Should().BeTrue($"key {i}");
        }
    }

    [Test]
    public void The_reference_key_pair_signs_the_reference_signature_with_the_recorded_rnd_every_time()
    {
        var pair = new KeyPair(Vector("public_key"), SecretBytes.Own(Vector("private_key")));

        for (int i = 0; i < 2; i++)
        {
            MlDsa.MlDsa87.Sign(pair, Vector("msg"), new FixedRandom(Vector("sign_rnd"))).Should().Equal(Vector("signature"), $"signature {i}");
        }
    }

    [Test]
    public void The_interface_overload_keeps_the_decoded_key_on_the_pair_and_nothing_prints_it()
    {
        ISignatureScheme scheme = MlDsa.MlDsa87;
        KeyPair pair = scheme.GenerateKeyPair(new ReferenceStreamRandom("mldsa cache print"));
        string before = pair.ToString();
        pair.SchemeCache.Should().BeNull();

        byte[] signature = scheme.Sign(pair, "m"u8, new ReferenceStreamRandom("r"));

        if (MlDsa.OwnImplementation)
        {
            // The own signer decodes the key for each signature and wipes it after: the pair keeps nothing.
            pair.SchemeCache.Should().BeNull();
            pair.ToString().Should().Be(before);
            scheme.Verify(pair.PublicKey, "m"u8, signature).Should().BeTrue();
            return;
        }

        pair.SchemeCache.Should().BeOfType<DecodedPrivateKey>().Which.Scheme.Should().BeSameAs(MlDsa.MlDsa87);
        string printedCache = pair.SchemeCache!.ToString()!;
        printedCache.Should().Be("DecodedPrivateKey(ML-DSA-87, not shown)");
        pair.ToString().Should().Be(before);
        string privateHex = Convert.ToHexStringLower(pair.PrivateKey.Span);
        foreach (int offset in new[] { 32, 64, 128, 1000, 4000 }) // K, tr, s1, s2, t0 (the first 32 bytes are the public ρ)
        {
            string piece = privateHex.Substring(2 * offset, 8);
            pair.ToString().Should().NotContain(piece);
            printedCache.Should().NotContain(piece);
        }

        scheme.Verify(pair.PublicKey, "m"u8, signature).Should().BeTrue();
    }

    [Test]
    public void Each_pair_signs_with_its_own_decoded_key()
    {
        MlDsa scheme = MlDsa.MlDsa87;
        var random = new ReferenceStreamRandom("mldsa two pairs");
        KeyPair a = scheme.GenerateKeyPair(random);
        KeyPair b = scheme.GenerateKeyPair(random);
        byte[] rnd = new byte[MlDsa.SignRandomLength];
        byte[] message = "same message"u8.ToArray();

        byte[] firstA = scheme.Sign(a, message, new FixedRandom(rnd));
        byte[] fromB = scheme.Sign(b, message, new FixedRandom(rnd));
        byte[] againA = scheme.Sign(a, message, new FixedRandom(rnd));

        fromB.Should().Equal(scheme.Sign(b.PrivateKey.Span, message, new FixedRandom(rnd)));
        fromB.Should().NotEqual(firstA);
        againA.Should().Equal(firstA);
        scheme.Verify(b.PublicKey, message, fromB).Should().BeTrue();
        scheme.Verify(a.PublicKey, message, fromB).Should().BeFalse();
        scheme.Verify(b.PublicKey, message, againA).Should().BeFalse();
        if (!MlDsa.OwnImplementation)
        {
            a.SchemeCache.Should().NotBeSameAs(b.SchemeCache);
        }
    }

    [Test]
    public void Once_the_private_key_is_disposed_the_pair_signs_like_the_span_path_and_keeps_nothing()
    {
        MlDsa scheme = MlDsa.MlDsa87;
        KeyPair pair = scheme.GenerateKeyPair(new ReferenceStreamRandom("mldsa disposed"));
        byte[] rnd = new byte[MlDsa.SignRandomLength];
        byte[] before = scheme.Sign(pair, "m"u8, new FixedRandom(rnd));
        pair.SchemeCache.Should().Match(cache => MlDsa.OwnImplementation ? cache == null : cache != null, "the library's decoded key is kept on the pair; the own signer keeps nothing");

        pair.PrivateKey.Dispose();
        byte[] after = scheme.Sign(pair, "m"u8, new FixedRandom(rnd));

        after.Should().Equal(scheme.Sign(pair.PrivateKey.Span, "m"u8, new FixedRandom(rnd)));
        after.Should().NotEqual(before);
        pair.SchemeCache.Should().BeNull();
        scheme.Verify(pair.PublicKey, "m"u8, after).Should().BeFalse();
    }

    [Test]
    public void A_pair_with_a_wrong_length_private_key_is_an_argument_error_and_keeps_nothing()
    {
        var pair = new KeyPair(new byte[MlDsa.MlDsa87.PublicKeyLength], SecretBytes.Copy(new byte[MlDsa.MlDsa87.PrivateKeyLength - 1]));

        Action sign = () => MlDsa.MlDsa87.Sign(pair, "m"u8, new ReferenceStreamRandom("r"));

        sign.Should().Throw<ArgumentException>();
        pair.SchemeCache.Should().BeNull();
    }

    // ---- verification with decoded public keys kept by their bytes -------------------------------------------------

    [Test]
    public void Verify_answers_as_a_freshly_decoded_key_for_genuine_and_tampered_inputs_first_and_cached()
    {
        MlDsa scheme = MlDsa.MlDsa87;
        var random = new ReferenceStreamRandom("mldsa verify cache");
        for (int i = 0; i < 3; i++)
        {
            KeyPair pair = scheme.GenerateKeyPair(random);
            byte[] message = [.. "message "u8, (byte)i];
            byte[] signature = scheme.Sign(pair, message, random);
            (string What, byte[] Key, byte[] Message, byte[] Signature, bool Valid)[] cases =
            [
                ("genuine", pair.PublicKey, message, signature, true),
                ("tampered signature", pair.PublicKey, message, FlipBit(signature, 100 + i), false),
                ("tampered key", FlipBit(pair.PublicKey, 40 + i), message, signature, false),
                ("tampered message", pair.PublicKey, FlipBit(message, 0), signature, false),
                ("genuine after a tampered key was kept", pair.PublicKey, message, signature, true),
            ];
            foreach ((string what, byte[] key, byte[] m, byte[] s, bool valid) in cases)
            {
                VerifyUncached(scheme, key, m, s).Should().Be(valid, $"key {i}, {what}, uncached");
                scheme.Verify(key, m, s).Should().Be(valid, $"key {i}, {what}");
                scheme.Verify(key, m, s).Should().Be(valid, $"key {i}, {what}, again");
            }
        }
    }

    [Test]
    public void Verify_stays_right_for_more_keys_than_the_cache_holds()
    {
        MlDsa scheme = MlDsa.MlDsa44;
        var random = new ReferenceStreamRandom("mldsa verify past capacity");
        var signed = new List<(KeyPair Pair, byte[] Signature)>();
        for (int i = 0; i < MlDsa.PublicKeyCacheCapacity + 8; i++)
        {
            KeyPair pair = scheme.GenerateKeyPair(random);
            signed.Add((pair, scheme.Sign(pair, "m"u8, random)));
        }

        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < signed.Count; i++)
            {
                (KeyPair pair, byte[] signature) = signed[i];
                KeyPair other = signed[(i + 1) % signed.Count].Pair;
                scheme.Verify(pair.PublicKey, "m"u8, signature).Should().BeTrue($"round {round}, key {i}");
                scheme.Verify(other.PublicKey, "m"u8, signature).Should().BeFalse($"round {round}, key {i} under its neighbour's key");
            }
        }
    }
}

using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Bench;

/// <summary>The benchmarks, in the order they run and print.</summary>
public static class Benchmarks
{
    /// <summary>Messages per chain before the chain benchmark restarts from the saved states (limit: 512).</summary>
    public const int MessagesPerRestart = 500;

    private const long NowMs = 1_700_000_000_000;

    /// <summary>The application text every message carries (32 bytes).</summary>
    private static readonly byte[] Text = "0123456789abcdef0123456789abcdef"u8.ToArray();

    public static IReadOnlyList<Benchmark> All()
    {
        CipherSuite ecc = Suite("ecc");
        CipherSuite pqc = Suite("pqc");
        var list = new List<Benchmark>();
        foreach (CipherSuite suite in new[] { ecc, pqc })
        {
            list.Add(new Benchmark("one2one-chain", suite.Name, () => Chain(suite), "one-to-one encrypt + decrypt on one chain", InTable: true));
            list.Add(new Benchmark("one2one-pingpong", suite.Name, () => PingPong(suite), "one-to-one encrypt + decrypt, direction alternating"));
            list.Add(new Benchmark("establish", suite.Name, () => Establish(suite), "session establishment, bundle to completed session", InTable: true));
        }

        list.AddRange(GroupBenchmarks.All([ecc, pqc]));
        list.Add(new Benchmark("x25519-dh", ecc.Name, X25519Dh, "X25519 shared secret", InTable: true));
        list.Add(new Benchmark("x25519-keygen", ecc.Name, X25519KeyGen, "X25519 key pair (a one-time pre-key)", InTable: true));
        list.Add(new Benchmark("account", ecc.Name, () => CreateAccount(ecc), "a new device's keys: identity, signed pre-key, 100 one-time pre-keys"));
        list.Add(new Benchmark("account", pqc.Name, () => CreateAccount(pqc), "a new device's keys: identity, signed pre-key, 100 one-time pre-keys"));
        list.Add(new Benchmark("curve25519-sign", ecc.Name, () => Sign(ecc), "curve25519 sign from the private key bytes", InTable: true));
        list.Add(new Benchmark("curve25519-sign-pair", ecc.Name, () => SignWithKeyPair(ecc), "curve25519 sign with the key pair (public point kept)", InTable: true));
        list.Add(new Benchmark("curve25519-verify", ecc.Name, () => Verify(ecc), "curve25519 verify", InTable: true));
        list.Add(new Benchmark("mlkem1024-encaps", pqc.Name, MlKemEncaps, "ML-KEM-1024 encapsulate", InTable: true));
        list.Add(new Benchmark("mlkem1024-decaps", pqc.Name, MlKemDecaps, "ML-KEM-1024 decapsulate (key decoded each time, as for one-time and ratchet keys)", InTable: true));
        list.Add(new Benchmark("mlkem1024-decaps-pair", pqc.Name, MlKemDecapsPair, "ML-KEM-1024 decapsulate with a key pair's decoded key (identity and signed pre-keys)", InTable: true));
        list.Add(new Benchmark("mlkem1024-keygen", pqc.Name, MlKemKeyGen, "ML-KEM-1024 key generation", InTable: true));
        list.Add(new Benchmark("mldsa87-sign", pqc.Name, () => Sign(pqc), "ML-DSA-87 sign from the private key bytes", InTable: true));
        list.Add(new Benchmark("mldsa87-sign-pair", pqc.Name, () => SignWithKeyPair(pqc), "ML-DSA-87 sign with the key pair", InTable: true));
        list.Add(new Benchmark("mldsa87-verify", pqc.Name, () => Verify(pqc), "ML-DSA-87 verify", InTable: true));
        list.Add(new Benchmark("slhdsa256s-sign", CipherSuite.MlKem1024SlhDsa256s.Name, () => SignWithKeyPair(CipherSuite.MlKem1024SlhDsa256s), "SLH-DSA-SHA2-256s sign (own, SHA-2 blocks via OpenSSL)", InTable: true));
        list.Add(new Benchmark("slhdsa256s-keygen", CipherSuite.MlKem1024SlhDsa256s.Name, () => KeyGen(CipherSuite.MlKem1024SlhDsa256s), "SLH-DSA-SHA2-256s key generation (own)", InTable: true));
        foreach (CipherSuite suite in new[] { ecc, pqc })
        {
            list.Add(new Benchmark("aesgcm16-encrypt", suite.Name, () => AesGcmEncrypt(suite), "AES-256-GCM, 16-byte IV, encrypt a 32-byte text (intrinsics)", InTable: true));
            list.Add(new Benchmark("aesgcm16-decrypt", suite.Name, () => AesGcmDecrypt(suite), "AES-256-GCM, 16-byte IV, decrypt (intrinsics)"));
        }

        list.AddRange(LibraryPrimitives.All(ecc, pqc));
        list.Add(new Benchmark("hkdf-message-key", "any", HkdfMessageKey, "HKDF-SHA256 message key from a chain key (own SHA-256)", InTable: true));
        list.Add(new Benchmark("hkdf-ratchet-step", "any", HkdfRatchetStep, "HKDF-SHA256 ratchet step, 64 bytes (own SHA-256)"));
        list.Add(new Benchmark("hmac-chain-advance", "any", HmacChainAdvance, "HMAC-SHA256 chain key advance (own SHA-256)", InTable: true));
        list.AddRange(EndToEndBenchmarks.All([ecc, pqc]));
        return list;
    }

    private static CipherSuite Suite(string name) =>
        CipherSuite.TryParse(name, out CipherSuite? suite) ? suite : throw new InvalidOperationException($"unknown suite {name}");

    // ---- sessions -------------------------------------------------------------------------------------------------

    /// <summary>Alice, Bob and a freshly established session pair.</summary>
    public sealed record Pair(Account Alice, Account Bob, EstablishedSession AliceSession, EstablishedSession BobSession, IRandomSource Random);

    private static readonly Wire.E2eeAddress AliceAddress = Addresses.User("bench.example", "alice", "alice-device-1", "Alice");
    private static readonly Wire.E2eeAddress BobAddress = Addresses.User("bench.example", "bob", "bob-device-1", "Bob");

    /// <summary>Creates both accounts and establishes a session exactly as a client and the server would.</summary>
    public static Pair CreatePair(CipherSuite suite, string label)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/{label}/{suite.Name}");
        Account alice = Account.Create(suite, random, NowMs);
        Account bob = Account.Create(suite, random, NowMs);
        (EstablishedSession a, EstablishedSession b) = EstablishOnce(suite, alice, bob, random);
        return new Pair(alice, bob, a, b, random);
    }

    /// <summary>
    /// Full establishment: the server's bundle for Bob (with his first one-time pre-key), Alice verifies it and
    /// invites, the server fills alice_identity_key, Bob accepts, Alice completes. The accounts are immutable, so the
    /// same Bob (whose pre-key stays unused in his original record) can be invited again with the same work.
    /// </summary>
    public static (EstablishedSession Alice, EstablishedSession Bob) EstablishOnce(CipherSuite suite, Account alice, Account bob, IRandomSource random)
    {
        Wire.PreKeyBundle bundle = bob.ToPreKeyBundle(BobAddress, bob.OneTimePreKeys[0]);
        VerifiedPreKeyBundle verified = VerifiedPreKeyBundle.Verify(bundle, suite);
        (AwaitingAcceptSession awaiting, Wire.InviteMsg invite) = SessionInitiator.Invite(alice, AliceAddress, verified, random, NowMs);
        invite.AliceIdentityKey = ByteString.CopyFrom(alice.Identity.Asym.PublicKey);
        (_, EstablishedSession bobSession, Wire.AcceptMsg accept) = SessionResponder.Accept(bob, BobAddress, invite, random);
        EstablishedSession aliceSession = awaiting.Complete(alice, accept, random);
        return (aliceSession, bobSession);
    }

    /// <summary>
    /// one2one-chain: Alice encrypts, Bob decrypts, never changing direction, so every message is a symmetric ratchet
    /// step on both sides. One op = one message encrypted and decrypted. Bob's very first receive opens Alice's chain
    /// with an asymmetric step (protocol), so one message is exchanged in setup and the states after it are the
    /// restart point: every <see cref="MessagesPerRestart"/> messages (the chain holds 512) both sides restart from
    /// those saved immutable states, which costs a reference copy and leaves the per-message work unchanged.
    /// </summary>
    private static Action Chain(CipherSuite suite)
    {
        Pair pair = CreatePair(suite, "chain");
        IRandomSource random = pair.Random;
        (EstablishedSession alice0, Wire.E2eeMsg first) = pair.AliceSession.EncryptCommon(Text, random);
        (EstablishedSession bob0, _) = pair.BobSession.Decrypt(first, random);

        EstablishedSession alice = alice0;
        EstablishedSession bob = bob0;
        int sent = 0;
        return () =>
        {
            if (sent == MessagesPerRestart)
            {
                (alice, bob, sent) = (alice0, bob0, 0);
            }

            (alice, Wire.E2eeMsg message) = alice.EncryptCommon(Text, random);
            (bob, Wire.Plaintext plaintext) = bob.Decrypt(message, random);
            if (plaintext.CommonMsg.Length != Text.Length)
            {
                throw new InvalidOperationException("round trip lost the text");
            }

            sent++;
        };
    }

    /// <summary>one2one-pingpong: the direction alternates, so every decrypt is an asymmetric ratchet step (and every
    /// encrypt the first on a new sender chain). One op = one message encrypted and decrypted.</summary>
    private static Action PingPong(CipherSuite suite)
    {
        Pair pair = CreatePair(suite, "pingpong");
        IRandomSource random = pair.Random;
        EstablishedSession alice = pair.AliceSession;
        EstablishedSession bob = pair.BobSession;
        bool aliceSends = true;
        return () =>
        {
            if (aliceSends)
            {
                (alice, Wire.E2eeMsg message) = alice.EncryptCommon(Text, random);
                (bob, _) = bob.Decrypt(message, random);
            }
            else
            {
                (bob, Wire.E2eeMsg message) = bob.EncryptCommon(Text, random);
                (alice, _) = alice.Decrypt(message, random);
            }

            aliceSends = !aliceSends;
        };
    }

    /// <summary>establish: bundle → verify → invite → accept → complete (accounts created once, in setup).</summary>
    private static Action Establish(CipherSuite suite)
    {
        Pair pair = CreatePair(suite, "establish");
        return () => EstablishOnce(suite, pair.Alice, pair.Bob, pair.Random);
    }

    // ---- primitives -----------------------------------------------------------------------------------------------

    private static Action X25519Dh()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/x25519");
        KeyPair ours = X25519Kem.Instance.GenerateKeyPair(random);
        KeyPair theirs = X25519Kem.Instance.GenerateKeyPair(random);
        return () => X25519Kem.Instance.Decapsulate(ours.PrivateKey.Span, theirs.PublicKey).Dispose();
    }

    private static Action X25519KeyGen()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/x25519-keygen");
        return () => X25519Kem.Instance.GenerateKeyPair(random).PrivateKey.Dispose();
    }

    private static Action CreateAccount(CipherSuite suite)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/account/{suite.Name}");
        return () => Account.Create(suite, random, NowMs);
    }

    private static Action MlKemEncaps()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/mlkem-encaps");
        KeyPair keys = MlKem.MlKem1024.GenerateKeyPair(random);
        return () => MlKem.MlKem1024.Encapsulate(keys.PublicKey, random).SharedSecret.Dispose();
    }

    private static Action MlKemDecapsPair()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/mlkem-decaps");
        KeyPair keys = MlKem.MlKem1024.GenerateKeyPair(random);
        KemEncapsulation encapsulation = MlKem.MlKem1024.Encapsulate(keys.PublicKey, random);
        return () => MlKem.MlKem1024.Decapsulate(keys, encapsulation.Ciphertext).Dispose();
    }

    private static Action MlKemKeyGen()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/mlkem-keygen");
        return () => MlKem.MlKem1024.GenerateKeyPair(random).PrivateKey.Dispose();
    }

    private static Action MlKemDecaps()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/mlkem-decaps");
        KeyPair keys = MlKem.MlKem1024.GenerateKeyPair(random);
        KemEncapsulation encapsulation = MlKem.MlKem1024.Encapsulate(keys.PublicKey, random);
        return () => MlKem.MlKem1024.Decapsulate(keys.PrivateKey.Span, encapsulation.Ciphertext).Dispose();
    }

    /// <summary>Signs what the protocol signs: a signed pre-key public key of the suite's KEM.</summary>
    private static Action Sign(CipherSuite suite)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/sign/{suite.Name}");
        KeyPair signer = suite.Signature.GenerateKeyPair(random);
        byte[] message = suite.Kem.GenerateKeyPair(random).PublicKey;
        return () => suite.Signature.Sign(signer.PrivateKey.Span, message, random);
    }

    /// <summary>Signs through the key-pair overload, which keeps per-key work (curve25519: A = a·B) on the pair.</summary>
    private static Action SignWithKeyPair(CipherSuite suite)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/sign/{suite.Name}");
        KeyPair signer = suite.Signature.GenerateKeyPair(random);
        byte[] message = suite.Kem.GenerateKeyPair(random).PublicKey;
        return () => suite.Signature.Sign(signer, message, random);
    }

    private static Action KeyGen(CipherSuite suite)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/keygen/{suite.Name}");
        return () => suite.Signature.GenerateKeyPair(random).PrivateKey.Dispose();
    }

    private static Action Verify(CipherSuite suite)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/verify/{suite.Name}");
        KeyPair signer = suite.Signature.GenerateKeyPair(random);
        byte[] message = suite.Kem.GenerateKeyPair(random).PublicKey;
        byte[] signature = suite.Signature.Sign(signer.PrivateKey.Span, message, random);
        return () =>
        {
            if (!suite.Signature.Verify(signer.PublicKey, message, signature))
            {
                throw new InvalidOperationException("signature did not verify");
            }
        };
    }

    /// <summary>The associated data of a session of the suite: IK_A ‖ IK_B (64 bytes for ECC, 3136 for ML-KEM-1024).</summary>
    private static byte[] AssociatedData(CipherSuite suite, IRandomSource random)
    {
        byte[] ad = new byte[2 * suite.Kem.PublicKeyLength];
        random.Fill(ad);
        return ad;
    }

    private static MessageKey SomeMessageKey(IRandomSource random)
    {
        byte[] chainKey = new byte[ProtocolLimits.ChainKeyLength];
        random.Fill(chainKey);
        return MessageKey.FromChainKey(chainKey);
    }

    private static Action AesGcmEncrypt(CipherSuite suite)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/aesgcm/{suite.Name}");
        byte[] ad = AssociatedData(suite, random);
        MessageKey key = SomeMessageKey(random);
        return () => AesGcm16.Encrypt(key, ad, Text);
    }

    private static Action AesGcmDecrypt(CipherSuite suite)
    {
        var random = new ReferenceStreamRandom($"e2ee-bench/aesgcm/{suite.Name}");
        byte[] ad = AssociatedData(suite, random);
        MessageKey key = SomeMessageKey(random);
        byte[] ciphertext = AesGcm16.Encrypt(key, ad, Text);
        return () => AesGcm16.Decrypt(key, ad, ciphertext);
    }

    private static Action HkdfMessageKey()
    {
        byte[] chainKey = new byte[ProtocolLimits.ChainKeyLength];
        new ReferenceStreamRandom("e2ee-bench/hkdf").Fill(chainKey);
        return () => MessageKey.FromChainKey(chainKey).Dispose();
    }

    /// <summary>The asymmetric ratchet step's KDF: (root key, chain key) = HKDF(secret, salt = root key, "RATCHET", 64).</summary>
    private static Action HkdfRatchetStep()
    {
        var random = new ReferenceStreamRandom("e2ee-bench/hkdf-ratchet");
        byte[] secret = new byte[32];
        byte[] rootKey = new byte[32];
        random.Fill(secret);
        random.Fill(rootKey);
        byte[] okm = new byte[64];
        return () => Kdf.Hkdf(secret, rootKey, Kdf.Labels.Ratchet, okm);
    }

    /// <summary>The symmetric ratchet step ck' = HMAC-SHA256(ck, 0x02) that follows every message key.</summary>
    private static Action HmacChainAdvance()
    {
        byte[] key = new byte[ProtocolLimits.ChainKeyLength];
        new ReferenceStreamRandom("e2ee-bench/hmac").Fill(key);
        ChainKey chainKey = ChainKey.Create(0, key);
        return () => chainKey.Next();
    }
}

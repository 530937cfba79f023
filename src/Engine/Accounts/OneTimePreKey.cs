using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Accounts;

/// <summary>
/// A one-time pre-key (seed 000 §Account; REFERENCE-BEHAVIOUR §14): used by at most one invite, then marked used.
/// <para>
/// An ML-KEM one-time pre-key is kept as its 64-byte seed d ‖ z (FIPS 203 Alg. 16 derives the whole pair from it) and
/// its pair derived when it is needed — to publish the public key, and once more to decapsulate the invite that uses it
/// — so a device holding a hundred of them keeps 6 KB instead of 470 KB (issue 17). The seed is exactly what key
/// generation draws, so the keys, and every transcript, are the same as when the pair was kept. Other keys (X25519,
/// and pairs read from older stored states or vectors) are kept whole.
/// </para>
/// </summary>
public sealed record OneTimePreKey
{
    private readonly KeyPair? _keyPair;
    private readonly MlKem? _kem;
    private readonly SecretBytes? _seed;

    /// <summary>A one-time pre-key kept as its whole key pair.</summary>
    public OneTimePreKey(uint id, KeyPair keyPair, bool used)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        Id = id;
        _keyPair = keyPair;
        Used = used;
    }

    private OneTimePreKey(uint id, MlKem kem, SecretBytes seed, bool used)
    {
        Id = id;
        _kem = kem;
        _seed = seed;
        Used = used;
    }

    /// <summary>An ML-KEM one-time pre-key kept as its seed d ‖ z (<see cref="MlKem.KeyGenRandomLength"/> bytes, owned from now on).</summary>
    public static OneTimePreKey FromSeed(uint id, MlKem kem, SecretBytes seed, bool used)
    {
        ArgumentNullException.ThrowIfNull(kem);
        ArgumentNullException.ThrowIfNull(seed);
        if (seed.Length != MlKem.KeyGenRandomLength)
        {
            throw new ArgumentException($"an ML-KEM key seed is {MlKem.KeyGenRandomLength} bytes, not {seed.Length}", nameof(seed));
        }

        return new OneTimePreKey(id, kem, seed, used);
    }

    /// <summary>
    /// A new one-time pre-key with id <paramref name="id"/> from <paramref name="random"/>: an ML-KEM key as its seed
    /// (the 64 bytes <see cref="MlKem.GenerateKeyPair"/> would draw), any other as a generated pair.
    /// </summary>
    public static OneTimePreKey Generate(uint id, IKem kem, Ports.IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(kem);
        ArgumentNullException.ThrowIfNull(random);
        if (kem is MlKem mlKem)
        {
            byte[] seed = new byte[MlKem.KeyGenRandomLength];
            random.Fill(seed);
            return FromSeed(id, mlKem, SecretBytes.Own(seed), used: false);
        }

        return new OneTimePreKey(id, kem.GenerateKeyPair(random), used: false);
    }

    /// <summary>The key's id (numbered 1, 2, … per account).</summary>
    public uint Id { get; init; }

    /// <summary>Whether an invite used it.</summary>
    public bool Used { get; init; }

    /// <summary>The seed the pair is derived from, when kept that way (null for a key kept whole).</summary>
    public SecretBytes? Seed => _seed;

    /// <summary>The key pair: the one kept, or derived from the seed (again on every call; not kept).</summary>
    public KeyPair KeyPair => _keyPair ?? _kem!.GenerateKeyPairFromSeed(_seed!.Span);

    /// <summary>The public key: the kept pair's, or derived from the seed with the derived private half wiped at once.</summary>
    public byte[] PublicKey
    {
        get
        {
            if (_keyPair is not null)
            {
                return _keyPair.PublicKey;
            }

            KeyPair derived = KeyPair;
            derived.PrivateKey.Dispose();
            return derived.PublicKey;
        }
    }

    /// <summary>
    /// Decapsulates <paramref name="ciphertext"/> with this key's private key and gives its public key too; a pair
    /// derived from the seed for it (once) is wiped afterwards.
    /// </summary>
    public SecretBytes Decapsulate(IKem kem, ReadOnlySpan<byte> ciphertext, out byte[] publicKey)
    {
        ArgumentNullException.ThrowIfNull(kem);
        if (_keyPair is not null)
        {
            publicKey = _keyPair.PublicKey;
            return kem.Decapsulate(_keyPair.PrivateKey.Span, ciphertext);
        }

        KeyPair derived = KeyPair;
        using (derived.PrivateKey)
        {
            publicKey = derived.PublicKey;
            return kem.Decapsulate(derived.PrivateKey.Span, ciphertext);
        }
    }

    /// <summary>The public half as published to the server (OneTimePreKeyPublic.proto).</summary>
    public Wire.OneTimePreKeyPublic ToPublicWire() => new()
    {
        OpkId = Id,
        PublicKey = Google.Protobuf.ByteString.CopyFrom(PublicKey),
    };

    /// <inheritdoc/>
    public override string ToString() => _keyPair is not null
        ? $"OneTimePreKey(id {Id}, used {Used}, {_keyPair})"
        : $"OneTimePreKey(id {Id}, used {Used}, {_kem!.Name} seed not shown)";
}

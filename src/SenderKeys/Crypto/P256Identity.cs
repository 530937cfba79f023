using System.Security.Cryptography;
using E2eeConformance.SenderKeys.Ports;

namespace E2eeConformance.SenderKeys.Crypto;

/// <summary>
/// A device's identity key pair (seed 004, "Identity / key agreement: ECDH P-256"; "private keys never leave the client
/// device"). The private scalar is drawn from the family's randomness port (decision SK-2: 32 bytes, redrawn while
/// 0 or ≥ n, so a seed gives the same key every run). Its only owner; it never prints.
/// </summary>
public sealed class P256Identity
{
    /// <summary>The order n of P-256's base point, big-endian.</summary>
    private static readonly byte[] Order = Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    /// <summary>The length of a private scalar.</summary>
    public const int ScalarLength = 32;

    private readonly byte[] _scalar;

    private P256Identity(byte[] scalar)
    {
        _scalar = scalar;
        using ECDiffieHellman ecdh = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
        ECPoint q = ecdh.ExportParameters(includePrivateParameters: false).Q;
        PublicKey = P256PublicKey.Parse([0x04, .. q.X!, .. q.Y!]);
    }

    /// <summary>The public key the server distributes.</summary>
    public P256PublicKey PublicKey { get; }

    /// <summary>A new identity from <paramref name="random"/>.</summary>
    public static P256Identity Generate(IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        byte[] d = new byte[ScalarLength];
        do
        {
            random.Fill(d);
        }
        while (d.AsSpan().IndexOfAnyExcept((byte)0) < 0 || d.AsSpan().SequenceCompareTo(Order) >= 0);

        return new P256Identity(d);
    }

    /// <summary>An identity from a known private scalar (vectors), 32 bytes in [1, n − 1].</summary>
    public static P256Identity FromScalar(ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != ScalarLength || scalar.IndexOfAnyExcept((byte)0) < 0 || scalar.SequenceCompareTo(Order) >= 0)
        {
            throw new ArgumentException("a P-256 private scalar is 32 bytes in [1, n − 1]", nameof(scalar));
        }

        return new P256Identity(scalar.ToArray());
    }

    /// <summary>
    /// ECDH with a peer's (checked) public key: the x-coordinate of d·Q, 32 bytes (seed 004, "Shared secret
    /// establishment": both sides obtain the same secret).
    /// </summary>
    public byte[] Agree(P256PublicKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        using ECDiffieHellman ours = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = _scalar });
        using ECDiffieHellman theirs = peer.Import();
        return ours.DeriveRawSecretAgreement(theirs.PublicKey);
    }

    /// <summary>The private scalar, for the device's own store only (<see cref="Device.DeviceStateCodec"/>).</summary>
    internal byte[] ExportScalar() => _scalar.ToArray();

    /// <inheritdoc/>
    public override string ToString() => $"P256Identity({PublicKey})";
}

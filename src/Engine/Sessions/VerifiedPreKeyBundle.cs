using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// A pre-key bundle whose lengths and signed-pre-key signature were checked (STYLE #4: trust is a type). Only
/// <see cref="Verify"/> makes one (seed 000 §PQKA first step: Verify(Sig, ik_B); REFERENCE-BEHAVIOUR §15, 18).
/// </summary>
public sealed class VerifiedPreKeyBundle
{
    private VerifiedPreKeyBundle(Wire.PreKeyBundle bundle, CipherSuite suite) => (Bundle, Suite) = (bundle, suite);

    /// <summary>The checked wire bundle.</summary>
    public Wire.PreKeyBundle Bundle { get; }

    /// <summary>The suite the bundle was checked for.</summary>
    public CipherSuite Suite { get; }

    /// <summary>The address of the device the bundle belongs to.</summary>
    public Wire.E2eeAddress Address => Bundle.UserAddress;

    /// <summary>The device's identity KEM (ECC: X25519) public key, IK_B.</summary>
    public ReadOnlySpan<byte> IdentityAsymKey => Bundle.IdentityKeyPublic.AsymPublicKey.Span;

    /// <summary>The device's identity signature public key, which signed the signed pre-key.</summary>
    public ReadOnlySpan<byte> IdentitySignKey => Bundle.IdentityKeyPublic.SignPublicKey.Span;

    /// <summary>The signed pre-key's id.</summary>
    public uint SignedPreKeyId => Bundle.SignedPreKeyPublic.SpkId;

    /// <summary>The signed pre-key's public key, SPK_B (its signature verified).</summary>
    public ReadOnlySpan<byte> SignedPreKey => Bundle.SignedPreKeyPublic.PublicKey.Span;

    /// <summary>Whether the bundle carries a one-time pre-key (the server may have run out).</summary>
    public bool HasOneTimePreKey => Bundle.OneTimePreKeyPublic is { PublicKey.Length: > 0 };

    /// <summary>The one-time pre-key's id, or 0 when there is none.</summary>
    public uint OneTimePreKeyId => HasOneTimePreKey ? Bundle.OneTimePreKeyPublic.OpkId : 0;

    /// <summary>The one-time pre-key's public key, OPK_B, or empty when there is none.</summary>
    public ReadOnlySpan<byte> OneTimePreKey => HasOneTimePreKey ? Bundle.OneTimePreKeyPublic.PublicKey.Span : default;

    /// <summary>
    /// Checks a bundle for use with <paramref name="suite"/> (the inviter's own suite): same pack id, every key of the
    /// suite's length, and the signed pre-key signature made by the identity signature key over the SPK public key.
    /// </summary>
    public static VerifiedPreKeyBundle Verify(Wire.PreKeyBundle bundle, CipherSuite suite)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.E2EesPackId != suite.PackId.Value)
        {
            throw new ProtocolException(ProtocolErrorCode.WrongSuite, $"bundle pack id 0x{bundle.E2EesPackId:x6}, ours {suite.PackId}");
        }

        if (bundle.UserAddress?.User is null)
        {
            throw new ProtocolException(ProtocolErrorCode.MissingField, "bundle has no user address");
        }

        if (bundle.IdentityKeyPublic is null || bundle.SignedPreKeyPublic is null)
        {
            throw new ProtocolException(ProtocolErrorCode.MissingField, "bundle lacks the identity key or the signed pre-key");
        }

        KeyChecks.ExpectLength(bundle.IdentityKeyPublic.AsymPublicKey.Length, suite.Kem.PublicKeyLength, "identity_key_public.asym_public_key");
        KeyChecks.ExpectLength(bundle.IdentityKeyPublic.SignPublicKey.Length, suite.Signature.PublicKeyLength, "identity_key_public.sign_public_key");
        KeyChecks.ExpectLength(bundle.SignedPreKeyPublic.PublicKey.Length, suite.Kem.PublicKeyLength, "signed_pre_key_public.public_key");
        KeyChecks.ExpectLength(bundle.SignedPreKeyPublic.Signature.Length, suite.Signature.SignatureLength, "signed_pre_key_public.signature");
        if (bundle.OneTimePreKeyPublic is { PublicKey.Length: > 0 } opk)
        {
            KeyChecks.ExpectLength(opk.PublicKey.Length, suite.Kem.PublicKeyLength, "one_time_pre_key_public.public_key");
        }

        KeyChecks.RequireValidKey(suite, bundle.IdentityKeyPublic.AsymPublicKey.Span, "identity_key_public.asym_public_key");
        KeyChecks.RequireValidKey(suite, bundle.SignedPreKeyPublic.PublicKey.Span, "signed_pre_key_public.public_key");
        if (bundle.OneTimePreKeyPublic is { PublicKey.Length: > 0 } opkKey)
        {
            KeyChecks.RequireValidKey(suite, opkKey.PublicKey.Span, "one_time_pre_key_public.public_key");
        }

        if (!suite.Signature.Verify(bundle.IdentityKeyPublic.SignPublicKey.Span, bundle.SignedPreKeyPublic.PublicKey.Span, bundle.SignedPreKeyPublic.Signature.Span))
        {
            throw new ProtocolException(ProtocolErrorCode.BadSignedPreKeySignature, $"signed pre-key {bundle.SignedPreKeyPublic.SpkId} signature does not verify with the identity key");
        }

        return new VerifiedPreKeyBundle(bundle, suite);
    }
}

namespace E2eeConformance.Engine.Accounts;

/// <summary>The public half of an identity key as published in pre-key bundles (IdentityKeyPublic.proto).</summary>
public sealed record IdentityKeyPublic(byte[] AsymPublicKey, byte[] SignPublicKey)
{
    /// <summary>The wire form (IdentityKeyPublic.proto), with copies of both keys.</summary>
    public Wire.IdentityKeyPublic ToWire() => new()
    {
        AsymPublicKey = Google.Protobuf.ByteString.CopyFrom(AsymPublicKey),
        SignPublicKey = Google.Protobuf.ByteString.CopyFrom(SignPublicKey),
    };
}

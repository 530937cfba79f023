using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Engine.Accounts;

/// <summary>A one-time pre-key (seed 000 §Account; REFERENCE-BEHAVIOUR §14): used by at most one invite, then marked used.</summary>
public sealed record OneTimePreKey(uint Id, KeyPair KeyPair, bool Used)
{
    /// <summary>The public half as published to the server (OneTimePreKeyPublic.proto).</summary>
    public Wire.OneTimePreKeyPublic ToPublicWire() => new()
    {
        OpkId = Id,
        PublicKey = Google.Protobuf.ByteString.CopyFrom(KeyPair.PublicKey),
    };

    /// <inheritdoc/>
    public override string ToString() => $"OneTimePreKey(id {Id}, used {Used}, {KeyPair})";
}

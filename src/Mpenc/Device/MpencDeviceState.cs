using System.Collections.Immutable;
using E2eeConformance.Mpenc.Session;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Device;

/// <summary>
/// An mpENC device's state (seed 003 §4.2): its user, its long-term identity key (Ed25519, secret — used for session
/// signatures only, §5.2.2), its timers, and its session per channel. A value: a step returns a new one, and a refused
/// input returns the same one.
/// </summary>
public sealed record MpencDeviceState(string User, byte[] IdentityKey, byte[] IdentityPublicKey, ImmutableDictionary<string, ChannelSession> Channels, SessionTimers Timers)
{
    /// <summary>A device with its identity key (32 bytes) and no channel.</summary>
    public static MpencDeviceState New(string user, ReadOnlySpan<byte> identityKey, SessionTimers? timers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(identityKey.ToArray(), 0, publicKey, 0);
        return new MpencDeviceState(user, identityKey.ToArray(), publicKey, ImmutableDictionary.Create<string, ChannelSession>(StringComparer.Ordinal), timers ?? SessionTimers.Default);
    }

    /// <summary>Names the device without its secrets.</summary>
    public override string ToString() => $"MpencDeviceState({User}, {Channels.Count} channels)";
}

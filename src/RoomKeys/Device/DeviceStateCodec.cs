using System.Collections.Immutable;
using System.Security.Cryptography;
using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device.Stored;
using E2eeConformance.RoomKeys.Errors;
using Google.Protobuf;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace E2eeConformance.RoomKeys.Device;

/// <summary>
/// The device's stored form (RK-17): SHA-256 of the payload, then the payload (<c>RoomDeviceStateMsg</c>, protobuf).
/// Decoding a cut, altered or foreign form gives <c>store_corrupt</c>, never a half-read state.
/// </summary>
public static class DeviceStateCodec
{
    private const int ChecksumLength = 32;

    /// <summary>The stored form of <paramref name="state"/>.</summary>
    public static byte[] Encode(RoomDeviceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        RsaKeyParameters key = state.Identity.PrivateParameters;
        var identity = new RsaPrivateKeyMsg { Modulus = Bytes(key.Modulus), PrivateExponent = Bytes(key.Exponent) };
        if (key is RsaPrivateCrtKeyParameters crt)
        {
            identity.PublicExponent = Bytes(crt.PublicExponent);
            identity.P = Bytes(crt.P);
            identity.Q = Bytes(crt.Q);
            identity.Dp = Bytes(crt.DP);
            identity.Dq = Bytes(crt.DQ);
            identity.QInv = Bytes(crt.QInv);
        }

        var message = new RoomDeviceStateMsg { User = state.User, Identity = identity };
        message.Joining.AddRange(state.Joining);
        foreach ((string room, ReadRecord read) in state.Departed)
        {
            var d = new DepartedMsg { Room = room };
            d.ReadNonces.AddRange(read.Nonces);
            d.ReadSequences.AddRange(read.Sequences);
            message.Departed.Add(d);
        }

        foreach (RoomView view in state.Rooms.Values)
        {
            var v = new RoomViewMsg { Room = view.Room, E2EeOn = view.E2eeOn, Leaving = view.Leaving };
            v.Keys.AddRange(view.Keys.Select(k => new RoomKeyMsg { Generation = k.Key, Key = ByteString.CopyFrom(k.Value.Bytes) }));
            v.ReadNonces.AddRange(view.ReadNonces);
            v.ReadSequences.AddRange(view.ReadSequences);
            v.Held.AddRange(view.Held);
            v.JoinRequests.AddRange(view.JoinRequests.Select(j => new JoinRequestMsg { User = j.Key, PublicKey = j.Value }));
            v.Handovers.AddRange(view.Handovers.Select(h => new PendingHandoverMsg { User = h.User, PublicKey = h.Key, Generation = h.Generation }));
            message.Rooms.Add(v);
        }

        byte[] payload = message.ToByteArray();
        return [.. SHA256.HashData(payload), .. payload];
    }

    /// <summary>The state a stored form holds: <c>store_corrupt</c> when it is cut, altered or not a device's.</summary>
    public static RoomDeviceState Decode(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < ChecksumLength || !SHA256.HashData(stored[ChecksumLength..]).AsSpan().SequenceEqual(stored[..ChecksumLength]))
        {
            throw Corrupt("its checksum does not match");
        }

        try
        {
            RoomDeviceStateMsg m = RoomDeviceStateMsg.Parser.ParseFrom(stored[ChecksumLength..]);
            RoomDeviceState state = RoomDeviceState.New(m.User, Identity(m.Identity ?? throw Corrupt("no identity"))) with
            {
                Joining = ImmutableSortedSet.CreateRange(StringComparer.Ordinal, m.Joining),
                Departed = ImmutableSortedDictionary.CreateRange(
                    StringComparer.Ordinal,
                    m.Departed.Select(d => KeyValuePair.Create(d.Room, new ReadRecord(ImmutableSortedSet.CreateRange(StringComparer.Ordinal, d.ReadNonces), [.. d.ReadSequences])))),
            };
            foreach (RoomViewMsg v in m.Rooms)
            {
                RoomView view = RoomView.Empty(v.Room, v.E2EeOn) with
                {
                    Keys = ImmutableSortedDictionary.CreateRange(v.Keys.Select(k => KeyValuePair.Create(k.Generation, new RoomKey(k.Key.ToByteArray())))),
                    ReadNonces = ImmutableSortedSet.CreateRange(StringComparer.Ordinal, v.ReadNonces),
                    ReadSequences = [.. v.ReadSequences],
                    Held = [.. v.Held],
                    JoinRequests = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, v.JoinRequests.Select(j => KeyValuePair.Create(j.User, j.PublicKey))),
                    Leaving = v.Leaving,
                    Handovers = [.. v.Handovers.Select(h => new PendingHandover(h.User, h.PublicKey, h.Generation))],
                };
                state = state.With(view);
            }

            return state;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or RoomKeyException or ArgumentException or ArithmeticException)
        {
            throw Corrupt(e.Message);
        }
    }

    private static RsaIdentity Identity(RsaPrivateKeyMsg k)
    {
        var n = new BigInteger(1, k.Modulus.ToByteArray());
        var d = new BigInteger(1, k.PrivateExponent.ToByteArray());
        RsaKeyParameters key = k.P.IsEmpty
            ? new RsaKeyParameters(true, n, d)
            : new RsaPrivateCrtKeyParameters(n, new BigInteger(1, k.PublicExponent.ToByteArray()), d, Big(k.P), Big(k.Q), Big(k.Dp), Big(k.Dq), Big(k.QInv));
        return RsaIdentity.FromPrivate(key);
    }

    private static BigInteger Big(ByteString bytes) => new(1, bytes.ToByteArray());

    private static ByteString Bytes(BigInteger value) => ByteString.CopyFrom(value.ToByteArrayUnsigned());

    private static RoomKeyException Corrupt(string why) => new(RoomKeyErrorCode.StoreCorrupt, $"the stored device state is unreadable: {why}");
}

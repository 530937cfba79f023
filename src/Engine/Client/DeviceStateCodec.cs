using System.Collections.Immutable;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// Serializes a <see cref="DeviceState"/> — and everything inside it: account keys, one-to-one sessions (ratchets,
/// skipped keys, pending handshakes), groups (current and retired sessions, receiving chains with their retired
/// positions), processed ids and the outbox — into the snapshot a device store keeps
/// (Client/State/device_state.proto, <see cref="FormatVersion"/>).
/// </summary>
/// <remarks>
/// Lossless: <c>Decode(Encode(s))</c> holds the same values as <c>s</c> (named suites and the two known protocol
/// versions come back as the same instances) and encodes to the same bytes. Deterministic: dictionaries are written as
/// entry lists sorted by key (ordinal), lists in their order, so the same state always gives the same bytes. The
/// snapshot holds every private key in the clear: protecting it at rest is the store's concern.
/// Any malformed, truncated or unsupported input throws <see cref="ProtocolException"/> with
/// <see cref="ProtocolErrorCode.MalformedMessage"/>, and nothing else.
/// </remarks>
public static partial class DeviceStateCodec
{
    /// <summary>The snapshot format this codec writes and the only one it reads.</summary>
    public const uint FormatVersion = 1;

    /// <summary>The whole state as one snapshot (StoredDeviceState, format <see cref="FormatVersion"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    public static byte[] Encode(DeviceState state) => ToStoredState(state, includeAccount: true).ToByteArray();

    /// <summary>
    /// The account part of a split snapshot (large — its one-time pre-keys — and rarely changing). A store writes it
    /// only when the account changed (accounts are immutable, so the store compares the reference it last wrote) and
    /// wipes the returned buffer once written: it holds private keys, and the codec keeps no copy of it.
    /// <see cref="DecodeSplit"/> reads it back with <see cref="EncodeWithoutAccount"/>'s bytes.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
    public static byte[] EncodeAccount(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ToStored(account).ToByteArray();
    }

    /// <summary>Everything in <paramref name="state"/> but its account: the part of a split snapshot written on every save.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    public static byte[] EncodeWithoutAccount(DeviceState state) => ToStoredState(state, includeAccount: false).ToByteArray();

    /// <summary>
    /// Reverses <see cref="EncodeAccount"/> and <see cref="EncodeWithoutAccount"/>: the account part and the rest, read
    /// back into one state.
    /// </summary>
    /// <exception cref="ProtocolException"><see cref="ProtocolErrorCode.MalformedMessage"/>: either part is malformed,
    /// truncated or of another format version.</exception>
    public static DeviceState DecodeSplit(ReadOnlySpan<byte> account, ReadOnlySpan<byte> rest)
    {
        StoredDeviceState stored = ParseState(rest);
        try
        {
            stored.Account = StoredAccount.Parser.ParseFrom(account);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedMessage, $"account snapshot does not parse: {e.Message}", e);
        }

        return FromStoredState(stored);
    }

    private static StoredDeviceState ToStoredState(DeviceState state, bool includeAccount)
    {
        ArgumentNullException.ThrowIfNull(state);
        var stored = new StoredDeviceState
        {
            FormatVersion = FormatVersion,
            PackId = state.Suite.PackId.Value,
            Version = ToStored(state.Version),
            Address = state.Address.Clone(),
            Token = state.Token,
            Account = includeAccount ? ToStored(state.Account) : null,
        };
        foreach ((string key, PeerSessions peer) in state.Peers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            stored.Peers.Add(new StoredPeerEntry { Key = key, Value = ToStored(peer) });
        }

        foreach ((string key, DeviceGroup group) in state.Groups.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            stored.Groups.Add(new StoredGroupEntry { Key = key, Value = ToStored(group) });
        }

        stored.Processed.AddRange(state.Processed);
        stored.KnownUsers.AddRange(state.KnownUsers.Order(StringComparer.Ordinal));
        AddCoreParts(stored, state);
        return stored;
    }

    /// <summary>Reads a snapshot written by <see cref="Encode"/>.</summary>
    /// <exception cref="ProtocolException"><see cref="ProtocolErrorCode.MalformedMessage"/>: the snapshot is malformed,
    /// truncated or of another format version.</exception>
    public static DeviceState Decode(ReadOnlySpan<byte> bytes) => FromStoredState(ParseState(bytes));

    private static StoredDeviceState ParseState(ReadOnlySpan<byte> bytes)
    {
        StoredDeviceState stored;
        try
        {
            stored = StoredDeviceState.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedMessage, $"device state snapshot does not parse: {e.Message}", e);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            // Older Google.Protobuf versions report a string field that is not UTF-8 this way (newer ones as
            // InvalidProtocolBufferException, caught above).
            throw new ProtocolException(ProtocolErrorCode.MalformedMessage, $"device state snapshot holds a string that is not UTF-8: {e.Message}", e);
        }

        if (stored.FormatVersion != FormatVersion)
        {
            throw Malformed(
                stored.FormatVersion == 0
                    ? $"device state snapshot has no format version (this codec reads version {FormatVersion})"
                    : $"device state snapshot format version {stored.FormatVersion} is not supported (this codec reads version {FormatVersion})");
        }

        return stored;
    }

    private static DeviceState FromStoredState(StoredDeviceState stored)
    {
        var peers = ImmutableDictionary.CreateBuilder<string, PeerSessions>(StringComparer.Ordinal);
        foreach (StoredPeerEntry entry in stored.Peers)
        {
            AddUnique(peers, entry.Key, FromStored(Required(entry.Value, "peer entry value")), "peer");
        }

        var groups = ImmutableDictionary.CreateBuilder<string, DeviceGroup>(StringComparer.Ordinal);
        foreach (StoredGroupEntry entry in stored.Groups)
        {
            AddUnique(groups, entry.Key, FromStored(Required(entry.Value, "group entry value")), "group");
        }

        DeviceState state = new DeviceState(
            Suite(stored.PackId),
            FromStored(Required(stored.Version, "protocol version")),
            Required(stored.Address, "device address"),
            stored.Token,
            FromStored(Required(stored.Account, "account")),
            peers.ToImmutable(),
            groups.ToImmutable(),
            [.. stored.Processed],
            [])
        {
            KnownUsers = [.. stored.KnownUsers],
        };
        return WithCoreParts(state, stored);
    }

    // ---- common ----

    private static ProtocolException Malformed(string detail) =>
        new(ProtocolErrorCode.MalformedMessage, detail);

    private static T Required<T>(T? value, string what)
        where T : class =>
        value ?? throw Malformed($"device state snapshot: {what} is missing");

    private static void AddUnique<TKey, TValue>(IDictionary<TKey, TValue> target, TKey key, TValue value, string what)
        where TKey : notnull
    {
        if (!target.TryAdd(key, value))
        {
            throw Malformed($"device state snapshot: {what} {key} appears twice");
        }
    }

    /// <summary>The suite of a pack id: a named suite as its one instance, any other supported combination composed.</summary>
    private static CipherSuite Suite(uint packId)
    {
        CipherSuite? named = CipherSuite.Named.FirstOrDefault(s => s.PackId.Value == packId);
        if (named is not null)
        {
            return named;
        }

        return CipherSuite.TryFromPackId(packId, out CipherSuite? suite, out string? why)
            ? suite
            : throw Malformed($"device state snapshot names an unsupported suite: {why}");
    }

    private static StoredProtocolVersion ToStored(ProtocolVersion v) => new() { Name = v.Name, Protocol = v.Protocol, Plaintext = v.Plaintext };

    private static ProtocolVersion FromStored(StoredProtocolVersion v)
    {
        var version = new ProtocolVersion(v.Name, v.Protocol, v.Plaintext);
        return version == ProtocolVersion.E2ees ? ProtocolVersion.E2ees
            : version == ProtocolVersion.Skissm ? ProtocolVersion.Skissm
            : version;
    }

    private static ByteString Bytes(ReadOnlySpan<byte> bytes) => ByteString.CopyFrom(bytes);

    private static SecretBytes Secret(ByteString bytes) => SecretBytes.Own(bytes.ToByteArray());

    private static StoredKeyPair ToStored(KeyPair pair) => new() { PublicKey = Bytes(pair.PublicKey), PrivateKey = Bytes(pair.PrivateKey.Span) };

    private static KeyPair FromStored(StoredKeyPair pair) => new(pair.PublicKey.ToByteArray(), Secret(pair.PrivateKey));

    private static StoredChainKey ToStored(ChainKey chain) => new() { Index = chain.Index, Key = Bytes(chain.Key) };

    private static ChainKey FromStored(StoredChainKey chain) =>
        chain.Key.Length == ProtocolLimits.ChainKeyLength
            ? ChainKey.Create(chain.Index, chain.Key.Span)
            : throw Malformed($"device state snapshot: a chain key is {chain.Key.Length} bytes, expected {ProtocolLimits.ChainKeyLength}");

    // ---- account ----

    private static StoredAccount ToStored(Account account)
    {
        var stored = new StoredAccount
        {
            PackId = account.Suite.PackId.Value,
            IdentityAsym = ToStored(account.Identity.Asym),
            IdentitySign = ToStored(account.Identity.Sign),
            NextOneTimePreKeyId = account.NextOneTimePreKeyId,
        };
        stored.SignedPreKeys.AddRange(account.SignedPreKeys.Select(k => new StoredSignedPreKey
        {
            Id = k.Id,
            KeyPair = ToStored(k.KeyPair),
            Signature = Bytes(k.Signature),
            ExpiresAtMs = k.ExpiresAtMs,
        }));
        stored.OneTimePreKeys.AddRange(account.OneTimePreKeys.Select(k => k.Seed is { } seed
            ? new StoredOneTimePreKey { Id = k.Id, Seed = Google.Protobuf.ByteString.CopyFrom(seed.Span), Used = k.Used }
            : new StoredOneTimePreKey { Id = k.Id, KeyPair = ToStored(k.KeyPair), Used = k.Used }));
        return stored;
    }

    private static Account FromStored(StoredAccount stored)
    {
        if (stored.SignedPreKeys.Count == 0)
        {
            throw Malformed("device state snapshot: the account holds no signed pre-key");
        }

        return new Account(
            Suite(stored.PackId),
            new IdentityKey(FromStored(Required(stored.IdentityAsym, "identity asym key")), FromStored(Required(stored.IdentitySign, "identity sign key"))),
            [.. stored.SignedPreKeys.Select(k => new SignedPreKey(k.Id, FromStored(Required(k.KeyPair, "signed pre-key pair")), k.Signature.ToByteArray(), k.ExpiresAtMs))],
            [.. stored.OneTimePreKeys.Select(k => FromStored(k, stored.PackId))],
            stored.NextOneTimePreKeyId);
    }

    /// <summary>A stored one-time pre-key: its seed (an ML-KEM suite's key, issue 17) or its whole pair (any suite, and states written before seeds).</summary>
    private static OneTimePreKey FromStored(StoredOneTimePreKey stored, uint packId)
    {
        if (stored.Seed.IsEmpty)
        {
            return new OneTimePreKey(stored.Id, FromStored(Required(stored.KeyPair, "one-time pre-key pair")), stored.Used);
        }

        if (stored.KeyPair is not null || Suite(packId).Kem is not MlKem kem || stored.Seed.Length != MlKem.KeyGenRandomLength)
        {
            throw Malformed($"device state snapshot: one-time pre-key {stored.Id} has a seed of {stored.Seed.Length} bytes{(stored.KeyPair is null ? "" : " and a key pair")} (a seed is {MlKem.KeyGenRandomLength} bytes, for an ML-KEM suite, alone)");
        }

        return OneTimePreKey.FromSeed(stored.Id, kem, SecretBytes.Copy(stored.Seed.Span), stored.Used);
    }

    // ---- one-to-one sessions (groups: DeviceStateCodec.Groups.cs) ----

    private static StoredPeerSessions ToStored(PeerSessions peer)
    {
        var stored = new StoredPeerSessions { Peer = peer.Peer.Clone() };
        stored.Sessions.AddRange(peer.Sessions.Select(ToStored));
        stored.Waiting.AddRange(peer.Waiting.Select(p => p.Clone()));
        stored.Early.AddRange(peer.Early.Select(m => m.Clone()));
        stored.HeldForGap.AddRange(peer.HeldForGap.Select(m => m.Clone()));
        return stored;
    }

    private static PeerSessions FromStored(StoredPeerSessions stored) =>
        new(Required(stored.Peer, "peer address"), [.. stored.Sessions.Select(FromStored)], [.. stored.Waiting]) { Early = [.. stored.Early], HeldForGap = [.. stored.HeldForGap] };

    private static StoredSession ToStored(OneToOneSession session)
    {
        var stored = new StoredSession { Info = ToStored(session.Info) };
        switch (session)
        {
            case EstablishedSession established:
                stored.Established = ToStored(established.Ratchet);
                break;
            case AwaitingAcceptSession { Pending: PendingKemHandshake kem }:
                stored.PendingKem = new StoredPendingKemHandshake
                {
                    PartialSecret = Bytes(kem.PartialSecret.Span),
                    BaseKey = ToStored(kem.BaseKey),
                    TheirSignedPreKey = Bytes(kem.TheirSignedPreKey),
                };
                break;
            case AwaitingAcceptSession { Pending: PendingDhHandshake dh }:
                stored.PendingDh = new StoredPendingDhHandshake { Ratchet = ToStored(dh.Ratchet), TheirSignedPreKey = Bytes(dh.TheirSignedPreKey) };
                break;
            default:
                throw new EngineInvariantException($"DeviceStateCodec cannot store a {session.GetType().Name}");
        }

        return stored;
    }

    private static OneToOneSession FromStored(StoredSession stored)
    {
        SessionInfo info = FromStored(Required(stored.Info, "session info"));
        return stored.StateCase switch
        {
            StoredSession.StateOneofCase.Established => new EstablishedSession(info, FromStored(stored.Established)),
            StoredSession.StateOneofCase.PendingKem => new AwaitingAcceptSession(
                info,
                new PendingKemHandshake(Secret(stored.PendingKem.PartialSecret), FromStored(Required(stored.PendingKem.BaseKey, "pending base key")), stored.PendingKem.TheirSignedPreKey.ToByteArray())),
            StoredSession.StateOneofCase.PendingDh => new AwaitingAcceptSession(
                info,
                new PendingDhHandshake(FromStored(Required(stored.PendingDh.Ratchet, "pending ratchet")), stored.PendingDh.TheirSignedPreKey.ToByteArray())),
            _ => throw Malformed($"device state snapshot: session {info.SessionId} is neither established nor awaiting an accept"),
        };
    }

    private static StoredSessionInfo ToStored(SessionInfo info) => new()
    {
        SessionId = info.SessionId,
        PackId = info.Suite.PackId.Value,
        Version = ToStored(info.Version),
        OurAddress = info.OurAddress.Clone(),
        TheirAddress = info.TheirAddress.Clone(),
        AssociatedData = Bytes(info.AssociatedData),
        Fingerprint = Bytes(info.Fingerprint),
        InviteT = info.InviteT,
        BobSignedPreKeyId = info.BobSignedPreKeyId,
        BobOneTimePreKeyId = info.BobOneTimePreKeyId,
    };

    private static SessionInfo FromStored(StoredSessionInfo stored) => new(
        stored.SessionId,
        Suite(stored.PackId),
        FromStored(Required(stored.Version, "session version")),
        Required(stored.OurAddress, "session our_address"),
        Required(stored.TheirAddress, "session their_address"),
        stored.AssociatedData.ToByteArray(),
        stored.Fingerprint.ToByteArray(),
        stored.InviteT,
        stored.BobSignedPreKeyId,
        stored.BobOneTimePreKeyId);

    private static StoredRatchet ToStored(RatchetState ratchet)
    {
        var stored = new StoredRatchet
        {
            RootKey = Bytes(ratchet.RootKey.Span),
            RootSequence = ratchet.RootSequence,
            SendingMessageSequence = ratchet.SendingMessageSequence,
            Sender = new StoredSenderChain
            {
                OurRatchetKey = Bytes(ratchet.Sender.OurRatchetKey),
                TheirRatchetKey = Bytes(ratchet.Sender.TheirRatchetKey),
                ChainKey = ToStored(ratchet.Sender.ChainKey),
            },
            Receiver = new StoredReceiverChain
            {
                TheirRatchetKey = Bytes(ratchet.Receiver.TheirRatchetKey),
                OurRatchetPrivateKey = Bytes(ratchet.Receiver.OurRatchetPrivateKey.Span),
                ChainKey = ratchet.Receiver.ChainKey is { } ck ? ToStored(ck) : null,
                ChainStart = ratchet.Receiver.ChainStart,
            },
        };
        stored.SkippedKeys.AddRange(ratchet.SkippedKeys.Select(k => new StoredSkippedMessageKey
        {
            RatchetKey = Bytes(k.RatchetKey),
            Index = k.Index,
            DerivedKey = Bytes(k.DerivedKey.Span),
        }));
        stored.EvictedKeys.AddRange(ratchet.EvictedKeys.Select(k => new StoredKeyPosition { RatchetKey = Bytes(k.RatchetKey), Index = k.Index }));
        stored.ClosedChains.AddRange(ratchet.ClosedChainEnds.Select(kv => new StoredClosedChain { RootSequence = kv.Key, End = kv.Value }));
        return stored;
    }

    private static RatchetState FromStored(StoredRatchet stored)
    {
        StoredSenderChain sender = Required(stored.Sender, "sender chain");
        StoredReceiverChain receiver = Required(stored.Receiver, "receiver chain");
        var closed = ImmutableSortedDictionary.CreateBuilder<uint, uint>();
        foreach (StoredClosedChain c in stored.ClosedChains)
        {
            AddUnique(closed, c.RootSequence, c.End, "closed chain root sequence");
        }

        return new RatchetState(
            Secret(stored.RootKey),
            stored.RootSequence,
            stored.SendingMessageSequence,
            new SenderChain(sender.OurRatchetKey.ToByteArray(), sender.TheirRatchetKey.ToByteArray(), FromStored(Required(sender.ChainKey, "sender chain key"))),
            new ReceiverChain(
                receiver.TheirRatchetKey.ToByteArray(),
                Secret(receiver.OurRatchetPrivateKey),
                receiver.ChainKey is null ? null : FromStored(receiver.ChainKey),
                receiver.ChainStart),
            [.. stored.SkippedKeys.Select(k => new SkippedMessageKey(k.RatchetKey.ToByteArray(), k.Index, Secret(k.DerivedKey)))])
        {
            EvictedKeys = [.. stored.EvictedKeys.Select(k => new KeyPosition(k.RatchetKey.ToByteArray(), k.Index))],
            ClosedChainEnds = closed.ToImmutable(),
        };
    }
}

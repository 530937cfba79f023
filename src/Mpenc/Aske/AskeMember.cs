using System.Security.Cryptography;
using System.Text;
using E2eeConformance.Mpenc.Common;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Ports;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Aske;

/// <summary>
/// One participant's side of the authenticated signature key exchange (seed 003 §5.2.2), as a value like
/// <see cref="Gka.CliquesMember"/>: phase 1 collects every participant's nonce k and ephemeral Ed25519 public key E
/// (<see cref="StartExchange"/>, <see cref="OnUpflow"/>); phase 2 has each participant sign
/// m = "acksig" ‖ pid ‖ E ‖ k ‖ sid with its static identity key and broadcast it, sid = SHA-256 of the participant ids
/// sorted lexically, then their nonces in that order; phase 3 verifies every other participant's signature
/// (<see cref="OnDownflow"/>). Inclusion (<see cref="Include"/>) sends the existing nonces and keys on to the new
/// participants; exclusion (<see cref="Exclude"/>) renews this member's nonce and broadcasts at once. Open choices
/// (docs/protocols/mpenc.md MP-10, MP-11): nonces are 32 bytes; ids enter sid and m as their UTF-8 bytes.
/// </summary>
public sealed class AskeMember
{
    /// <summary>The length of a nonce.</summary>
    public const int NonceLength = 32;

    /// <summary>The length of an Ed25519 public key.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>The length of an Ed25519 signature.</summary>
    public const int SignatureLength = 64;

    private readonly byte[] _staticKey;
    private readonly byte[]? _ephemeralKey;
    private readonly IReadOnlyList<byte[]> _nonces;
    private readonly IReadOnlyList<byte[]> _ephemeralKeys;

    private AskeMember(string self, byte[] staticKey, byte[]? ephemeralKey, IReadOnlyList<string> members, IReadOnlyList<byte[]> nonces, IReadOnlyList<byte[]> ephemeralKeys, IReadOnlySet<string> verified, IReadOnlySet<string> pastSessions)
    {
        Self = self;
        _staticKey = staticKey;
        _ephemeralKey = ephemeralKey;
        Members = members;
        _nonces = nonces;
        _ephemeralKeys = ephemeralKeys;
        Verified = verified;
        PastSessions = pastSessions;
    }

    /// <summary>This participant's id.</summary>
    public string Self { get; }

    /// <summary>The participants of the current exchange, in the exchange's order.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>The nonces, one per participant once collected (copies).</summary>
    public IReadOnlyList<byte[]> Nonces => Participants.Copy(_nonces);

    /// <summary>The ephemeral public signing keys, one per participant once collected (copies).</summary>
    public IReadOnlyList<byte[]> EphemeralKeys => Participants.Copy(_ephemeralKeys);

    /// <summary>
    /// The session ids (hex) this member has left behind: a first downflow of one of them is a replay (an old session,
    /// perhaps with a member excluded since, must not come back).
    /// </summary>
    public IReadOnlySet<string> PastSessions { get; }

    /// <summary>The participants whose session signatures verified (this member's own included once it signed).</summary>
    public IReadOnlySet<string> Verified { get; }

    /// <summary>Whether every participant's session signature verified (§5.2.2 phase 3).</summary>
    public bool IsComplete => Members.Count > 0 && _nonces.Count == Members.Count && Members.All(Verified.Contains);

    /// <summary>The session id of the collected lists (null before they are complete).</summary>
    public byte[]? SessionId => _nonces.Count == Members.Count && Members.Count > 0 ? ComputeSessionId(Members, _nonces) : null;

    /// <summary>This participant's ephemeral private signing key, for its data packets (secret; null before it contributed).</summary>
    internal byte[]? EphemeralSigningKey => _ephemeralKey;

    /// <summary>A participant with its static identity signing key (Ed25519, 32 bytes) and no exchange yet.</summary>
    public static AskeMember New(string self, ReadOnlySpan<byte> staticKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(self);
        if (staticKey.Length != Ed25519.SecretKeySize)
        {
            throw new MpencException(MpencErrorCode.Malformed, $"a static identity key is {Ed25519.SecretKeySize} bytes");
        }

        return new AskeMember(self, staticKey.ToArray(), null, [], [], [], new HashSet<string>(), new HashSet<string>());
    }

    /// <summary>sid = SHA-256(pid₁ ‖ … ‖ pidₙ ‖ k₁ ‖ … ‖ kₙ), the ids sorted lexically (ordinal) and the nonces in their order (§5.2.2 phase 2).</summary>
    public static byte[] ComputeSessionId(IReadOnlyList<string> members, IReadOnlyList<byte[]> nonces)
    {
        int[] order = [.. Enumerable.Range(0, members.Count).OrderBy(i => members[i], StringComparer.Ordinal)];
        return SHA256.HashData([.. order.SelectMany(i => Encoding.UTF8.GetBytes(members[i])), .. order.SelectMany(i => nonces[i])]);
    }

    /// <summary>The authenticator m_i = "acksig" ‖ pid_i ‖ E_i ‖ k_i ‖ sid (§5.2.2 phase 2).</summary>
    public static byte[] Authenticator(string member, ReadOnlySpan<byte> ephemeralKey, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sessionId) =>
        [.. "acksig"u8, .. Encoding.UTF8.GetBytes(member), .. ephemeralKey, .. nonce, .. sessionId];

    /// <summary>Phase 1, the initiator: this member first, then <paramref name="others"/>; its nonce and ephemeral key.</summary>
    public (AskeMember Member, AskeFlow Upflow) StartExchange(IReadOnlyList<string> others, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(others);
        IReadOnlyList<string> members = Participants.Checked([Self, .. others]);
        if (members.Count < 2)
        {
            throw new MpencException(MpencErrorCode.BadMembers, "an exchange needs at least one other participant");
        }

        (byte[] nonce, byte[] secret, byte[] ephemeral) = Contribution(random);
        var flow = new AskeFlow(AskeFlowKind.Upflow, Self, members, [(byte[])nonce.Clone()], [(byte[])ephemeral.Clone()], null);
        return (new AskeMember(Self, _staticKey, secret, members, [nonce], [ephemeral], new HashSet<string>(), Retired()), flow);
    }

    /// <summary>
    /// Phase 1, a later participant: adds its nonce and ephemeral key and passes the lists on; the last participant
    /// instead computes sid and broadcasts the first downflow with its session signature.
    /// </summary>
    public (AskeMember Member, AskeFlow Flow) OnUpflow(AskeFlow upflow, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(upflow);
        IReadOnlyList<string> members = Participants.Checked(upflow.Members);
        (IReadOnlyList<byte[]> nonces, IReadOnlyList<byte[]> keys) = CheckedLists(upflow, members.Count);
        if (upflow.Kind != AskeFlowKind.Upflow || nonces.Count == 0 || nonces.Count >= members.Count)
        {
            throw new MpencException(MpencErrorCode.Malformed, $"an upflow for {members.Count} participants carries 1 to {members.Count - 1} contributions");
        }

        if (members[nonces.Count] != Self)
        {
            throw new MpencException(members.Contains(Self) ? MpencErrorCode.WrongTurn : MpencErrorCode.NotAMember, $"the upflow goes to {members[nonces.Count]}, not {Self}");
        }

        (byte[] nonce, byte[] secret, byte[] ephemeral) = Contribution(random);
        List<byte[]> allNonces = [.. nonces, nonce];
        List<byte[]> allKeys = [.. keys, ephemeral];
        var next = new AskeMember(Self, _staticKey, secret, members, allNonces, allKeys, new HashSet<string>(), Retired());
        return allNonces.Count < members.Count
            ? (next, new AskeFlow(AskeFlowKind.Upflow, Self, members, Participants.Copy(allNonces), Participants.Copy(allKeys), null))
            : next.Acknowledge(full: true);
    }

    /// <summary>
    /// Phase 2 and 3: a downflow from another participant. The first one (with the lists) sets the session: this
    /// member's own nonce and key in it must be the ones it contributed; every one's signature must verify under the
    /// sender's static key <paramref name="staticKeys"/>[source] against the local sid. Returns this member's own
    /// acknowledgement when it has not sent one for this session yet.
    /// </summary>
    public (AskeMember Member, AskeFlow? Acknowledgement) OnDownflow(AskeFlow downflow, IReadOnlyDictionary<string, byte[]> staticKeys)
    {
        ArgumentNullException.ThrowIfNull(downflow);
        ArgumentNullException.ThrowIfNull(staticKeys);
        if (downflow.Kind != AskeFlowKind.Downflow || downflow.SessionSignature is not { Length: SignatureLength } signature)
        {
            throw new MpencException(MpencErrorCode.Malformed, "a downflow carries a 64-byte session signature");
        }

        if (downflow.Nonces is null || downflow.EphemeralKeys is null || downflow.Members is null || string.IsNullOrEmpty(downflow.Source))
        {
            throw new MpencException(MpencErrorCode.Malformed, "a downflow names its source and carries lists (empty in an acknowledgement)");
        }

        AskeMember session = this;
        if (downflow.Nonces.Count > 0)
        {
            IReadOnlyList<string> members = Participants.Checked(downflow.Members);
            (IReadOnlyList<byte[]> nonces, IReadOnlyList<byte[]> keys) = CheckedLists(downflow, members.Count);
            if (nonces.Count != members.Count)
            {
                throw new MpencException(MpencErrorCode.Malformed, "the first downflow carries every participant's nonce and key");
            }

            int own = Participants.IndexOf(members, Self) ?? -1;
            if (own < 0)
            {
                throw new MpencException(MpencErrorCode.NotAMember, $"{Self} is not among the downflow's participants");
            }

            if (_ephemeralKey is null || !nonces[own].AsSpan().SequenceEqual(OwnNonce()) || !keys[own].AsSpan().SequenceEqual(PublicOf(_ephemeralKey)))
            {
                throw new MpencException(MpencErrorCode.ContributionMismatch, $"the downflow misstates {Self}'s nonce or ephemeral key");
            }

            byte[] announced = ComputeSessionId(members, nonces);
            if (PastSessions.Contains(Convert.ToHexString(announced)))
            {
                throw new MpencException(MpencErrorCode.Replay, "the downflow announces a session this member has left behind");
            }

            bool sameSession = SessionId is { } current && current.AsSpan().SequenceEqual(announced);
            session = sameSession ? this : new AskeMember(Self, _staticKey, _ephemeralKey, members, nonces, keys, new HashSet<string>(), Retired());
        }

        int source = Participants.IndexOf(session.Members, downflow.Source) ?? -1;
        if (source < 0 || session.SessionId is not { } sid)
        {
            throw new MpencException(source < 0 ? MpencErrorCode.NotAMember : MpencErrorCode.WrongTurn, $"{downflow.Source} acknowledges no session {Self} knows");
        }

        byte[] m = Authenticator(downflow.Source, session._ephemeralKeys[source], session._nonces[source], sid);
        if (!staticKeys.TryGetValue(downflow.Source, out byte[]? staticKey) || staticKey.Length != Ed25519.PublicKeySize
            || !Ed25519.Verify(signature, 0, staticKey, 0, m, 0, m.Length))
        {
            throw new MpencException(MpencErrorCode.BadSignature, $"{downflow.Source}'s session signature does not verify");
        }

        var verified = new HashSet<string>(session.Verified) { downflow.Source };
        var after = new AskeMember(Self, _staticKey, _ephemeralKey, session.Members, session._nonces, session._ephemeralKeys, verified, session.PastSessions);
        return verified.Contains(Self) ? (after, null) : after.Acknowledge(full: false);
    }

    /// <summary>Member inclusion (§5.2.2): the new participants appended; the existing nonces and keys go on to the first of them.</summary>
    public (AskeMember Member, AskeFlow Upflow) Include(IReadOnlyList<string> newMembers)
    {
        ArgumentNullException.ThrowIfNull(newMembers);
        if (!IsComplete || newMembers.Count == 0)
        {
            throw new MpencException(IsComplete ? MpencErrorCode.BadMembers : MpencErrorCode.WrongTurn, "an inclusion changes a completed exchange and names a new participant");
        }

        IReadOnlyList<string> members = Participants.Checked([.. Members, .. newMembers]);
        return (this, new AskeFlow(AskeFlowKind.Upflow, Self, members, Participants.Copy(_nonces), Participants.Copy(_ephemeralKeys), null));
    }

    /// <summary>
    /// Member exclusion (§5.2.2): the excluded participants and their contributions leave, this member renews its nonce
    /// (so sid differs from any earlier session of the same participants) and broadcasts the first downflow at once.
    /// </summary>
    public (AskeMember Member, AskeFlow Downflow) Exclude(IReadOnlyList<string> excluded, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(excluded);
        ArgumentNullException.ThrowIfNull(random);
        if (!IsComplete || excluded.Count == 0 || excluded.Contains(Self) || excluded.Any(e => !Members.Contains(e)) || excluded.Distinct().Count() != excluded.Count || Members.Count(m => !excluded.Contains(m)) < 2)
        {
            throw new MpencException(!IsComplete ? MpencErrorCode.WrongTurn : excluded.Any(e => !Members.Contains(e)) ? MpencErrorCode.NotAMember : MpencErrorCode.BadMembers, "an exclusion names other participants of a completed exchange, each once, and leaves at least two");
        }

        int[] kept = [.. Enumerable.Range(0, Members.Count).Where(i => !excluded.Contains(Members[i]))];
        return Renew(kept, random);
    }

    /// <summary>
    /// Key refresh (§5.2.2 with §5.2.1's refresh): the same participants, this member's nonce renewed (a new sid, so
    /// no old session signature acknowledges the new session) and the first downflow broadcast at once.
    /// </summary>
    public (AskeMember Member, AskeFlow Downflow) Refresh(IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!IsComplete)
        {
            throw new MpencException(MpencErrorCode.WrongTurn, "a refresh changes a completed exchange");
        }

        return Renew([.. Enumerable.Range(0, Members.Count)], random);
    }

    private (AskeMember Member, AskeFlow Downflow) Renew(int[] kept, IRandom random)
    {
        byte[] nonce = new byte[NonceLength];
        random.Fill(nonce);
        byte[][] nonces = [.. kept.Select(i => Members[i] == Self ? nonce : _nonces[i])];
        var renewed = new AskeMember(Self, _staticKey, _ephemeralKey, [.. kept.Select(i => Members[i])], nonces, [.. kept.Select(i => _ephemeralKeys[i])], new HashSet<string>(), Retired());
        return renewed.Acknowledge(full: true);
    }

    /// <inheritdoc/>
    public override string ToString() => $"AskeMember({Self}, {Members.Count} participants, {_nonces.Count} contributions, {Verified.Count} verified)";

    /// <summary>This member's session signature σ_s(m_self) in a downflow (with the lists when <paramref name="full"/>).</summary>
    private (AskeMember Member, AskeFlow Downflow) Acknowledge(bool full)
    {
        int own = Participants.IndexOf(Members, Self)!.Value;
        byte[] m = Authenticator(Self, _ephemeralKeys[own], _nonces[own], SessionId!);
        byte[] signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(_staticKey, 0, m, 0, m.Length, signature, 0);
        var member = new AskeMember(Self, _staticKey, _ephemeralKey, Members, _nonces, _ephemeralKeys, new HashSet<string>(Verified) { Self }, PastSessions);
        return (member, new AskeFlow(AskeFlowKind.Downflow, Self, full ? Members : [], full ? Participants.Copy(_nonces) : [], full ? Participants.Copy(_ephemeralKeys) : [], signature));
    }

    private byte[] OwnNonce() => _nonces[Participants.IndexOf(Members, Self)!.Value];

    /// <summary>The past sessions once this member moves on from its current one (which joins them, if it had one).</summary>
    private HashSet<string> Retired()
    {
        var past = new HashSet<string>(PastSessions, StringComparer.Ordinal);
        if (SessionId is { } current)
        {
            past.Add(Convert.ToHexString(current));
        }

        return past;
    }

    private static (byte[] Nonce, byte[] Secret, byte[] Public) Contribution(IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        byte[] nonce = new byte[NonceLength];
        random.Fill(nonce);
        byte[] secret = new byte[Ed25519.SecretKeySize];
        random.Fill(secret);
        return (nonce, secret, PublicOf(secret));
    }

    private static byte[] PublicOf(byte[] secret)
    {
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(secret, 0, publicKey, 0);
        return publicKey;
    }

    private static (IReadOnlyList<byte[]> Nonces, IReadOnlyList<byte[]> Keys) CheckedLists(AskeFlow flow, int members)
    {
        if (flow.Nonces is null || flow.EphemeralKeys is null || flow.Nonces.Count != flow.EphemeralKeys.Count || flow.Nonces.Count > members
            || flow.Nonces.Any(n => n is not { Length: NonceLength }) || flow.EphemeralKeys.Any(k => k is not { Length: PublicKeyLength }))
        {
            throw new MpencException(MpencErrorCode.Malformed, $"one {NonceLength}-byte nonce and one {PublicKeyLength}-byte key per contributing participant");
        }

        return (Participants.Copy(flow.Nonces), Participants.Copy(flow.EphemeralKeys));
    }
}

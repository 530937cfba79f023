using System.Security.Cryptography;
using E2eeConformance.Mpenc.Common;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Ports;

namespace E2eeConformance.Mpenc.Gka;

/// <summary>
/// One participant's side of the CLIQUES group key agreement over x25519 (seed 003 §5.2.1), as a value: every operation
/// returns the new member and the flow to send, and refuses a bad input with an <see cref="MpencException"/> before
/// anything changes (the member it was called on is never modified).
/// <list type="bullet">
/// <item><description>Initial key agreement (IKA.1): <see cref="StartAgreement"/>, <see cref="OnUpflow"/>, <see cref="OnDownflow"/>.</description></item>
/// <item><description>Auxiliary agreement: <see cref="Include"/> (an upflow to the first new member), <see cref="Exclude"/> and
/// <see cref="Refresh"/> (a downflow at once); departure is an exclusion by another member (§5.2.1 "Member Departure").</description></item>
/// </list>
/// The member keeps each of its private key contributions separately, oldest first, and applies them one by one — never
/// combined, as x25519 clamps its scalars (§5.2.1 "Updating Private Key Contributions"). Open choices (docs/protocols/mpenc.md):
/// an inclusion of several members appends the initiator's cardinal key once and each new member extends the upflow as in
/// the IKA; a contribution is 32 random bytes; the group key is HKDF-SHA256 of the shared secret (<see cref="GroupKey"/>).
/// </summary>
public sealed class CliquesMember
{
    private readonly IReadOnlyList<byte[]> _keys;

    private CliquesMember(string self, IReadOnlyList<string> members, IReadOnlyList<byte[]> keys, IReadOnlyList<byte[]> contributions, byte[]? secret, bool includePending = false)
    {
        Self = self;
        Members = members;
        _keys = keys;
        Contributions = contributions;
        Secret = secret;
        IsIncluding = includePending;
    }

    /// <summary>The length of the group key: an AES-128 key (§5.4).</summary>
    public const int GroupKeyLength = 16;

    /// <summary>This participant's id.</summary>
    public string Self { get; }

    /// <summary>The participants of the last completed agreement (empty before the first), in the agreement's order.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>The intermediate keys of the last downflow (public), one per participant of <see cref="Members"/> (copies).</summary>
    public IReadOnlyList<byte[]> IntermediateKeys => Participants.Copy(_keys);

    /// <summary>
    /// Whether this member started an inclusion whose downflow has not come yet: until it does, it makes no other
    /// change (a refresh now would mix a contribution the others never see into the secret).
    /// </summary>
    public bool IsIncluding { get; }

    /// <summary>This participant's private key contributions, oldest first (secret).</summary>
    internal IReadOnlyList<byte[]> Contributions { get; }

    /// <summary>The shared group secret of the last completed agreement (secret; null before the first).</summary>
    internal byte[]? Secret { get; }

    /// <summary>Whether an agreement completed (a group key is available).</summary>
    public bool IsReady => Secret is not null;

    /// <summary>A participant that has taken part in no agreement yet.</summary>
    public static CliquesMember New(string self)
    {
        ArgumentException.ThrowIfNullOrEmpty(self);
        return new CliquesMember(self, [], [], [], null);
    }

    /// <summary>
    /// The 16-byte AES-128 group key (§5.4: HKDF-SHA256, message encryption AES-128) of the current secret: HKDF with no
    /// salt and the info "mpenc group key" (an open choice: the document names the KDF, not its inputs).
    /// </summary>
    public byte[] GroupKey()
    {
        byte[] secret = Secret ?? throw new MpencException(MpencErrorCode.WrongTurn, "no agreement has completed");
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, GroupKeyLength, salt: [], info: "mpenc group key"u8.ToArray());
    }

    /// <summary>IKA upflow, first participant (§5.2.1 "Upflow"): this member first, then <paramref name="others"/>; keys (G, x₁G).</summary>
    public (CliquesMember Member, CliquesFlow Upflow) StartAgreement(IReadOnlyList<string> others, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(random);
        IReadOnlyList<string> members = Participants.Checked([Self, .. others]);
        if (members.Count < 2)
        {
            throw new MpencException(MpencErrorCode.BadMembers, "an agreement needs at least one other participant");
        }

        if (Contributions.Count > 0)
        {
            throw new MpencException(MpencErrorCode.WrongTurn, $"{Self} already contributes to an agreement");
        }

        byte[] x = NewContribution(random);
        var flow = new CliquesFlow(CliquesFlowKind.Upflow, members, [Curve.BasePoint(), Curve.Multiply(x, Curve.BasePoint())]);
        return (new CliquesMember(Self, Members, _keys, [x], Secret), flow);
    }

    /// <summary>
    /// An upflow addressed to this member (§5.2.1 "Upflow", "Downflow", "Member Inclusion"): a new contribution x; the
    /// keys but the cardinal multiplied by x, then the cardinal unchanged (this member's own key); then either x times the
    /// cardinal as the new cardinal, passed on as an upflow, or — this member being the last — the shared secret, and
    /// the keys broadcast as the downflow.
    /// </summary>
    public (CliquesMember Member, CliquesFlow Flow) OnUpflow(CliquesFlow upflow, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(upflow);
        ArgumentNullException.ThrowIfNull(random);
        IReadOnlyList<string> members = Participants.Checked(upflow.Members);
        IReadOnlyList<byte[]> keys = CheckedKeys(upflow.IntermediateKeys);
        if (upflow.Kind != CliquesFlowKind.Upflow || keys.Count < 2 || keys.Count > members.Count)
        {
            throw new MpencException(MpencErrorCode.Malformed, $"an upflow for {members.Count} participants carries 2 to {members.Count} keys, not {keys.Count}");
        }

        if (members[keys.Count - 1] != Self)
        {
            throw new MpencException(members.Contains(Self) ? MpencErrorCode.WrongTurn : MpencErrorCode.NotAMember, $"the upflow goes to {members[keys.Count - 1]}, not {Self}");
        }

        if (Contributions.Count > 0)
        {
            // A member contributes once to an agreement: a second upflow (a replay, or one naming a member already in a
            // group) would replace its contributions under the secret it holds.
            throw new MpencException(MpencErrorCode.WrongTurn, $"{Self} already contributes to an agreement");
        }

        byte[] x = NewContribution(random);
        byte[] cardinal = keys[^1];
        List<byte[]> next = [.. keys.Take(keys.Count - 1).Select(k => Curve.Multiply(x, k)), cardinal];
        if (keys.Count < members.Count)
        {
            next.Add(Curve.Multiply(x, cardinal));
            return (new CliquesMember(Self, Members, _keys, [x], Secret), new CliquesFlow(CliquesFlowKind.Upflow, members, Participants.Copy(next)));
        }

        byte[] secret = Curve.Multiply(x, cardinal);
        return (new CliquesMember(Self, members, next, [x], secret), new CliquesFlow(CliquesFlowKind.Downflow, members, Participants.Copy(next)));
    }

    /// <summary>
    /// A downflow (§5.2.1 "Downflow"): this member's intermediate key — the one lacking its contributions — times each of
    /// its contributions is the new shared secret.
    /// </summary>
    public CliquesMember OnDownflow(CliquesFlow downflow)
    {
        ArgumentNullException.ThrowIfNull(downflow);
        IReadOnlyList<string> members = Participants.Checked(downflow.Members);
        IReadOnlyList<byte[]> keys = CheckedKeys(downflow.IntermediateKeys);
        if (downflow.Kind != CliquesFlowKind.Downflow || keys.Count != members.Count)
        {
            throw new MpencException(MpencErrorCode.Malformed, $"a downflow carries one key per participant: {members.Count}, not {keys.Count}");
        }

        int own = Participants.IndexOf(members, Self) ?? throw new MpencException(MpencErrorCode.NotAMember, $"{Self} is not among the downflow's participants");
        if (Contributions.Count == 0)
        {
            throw new MpencException(MpencErrorCode.WrongTurn, $"{Self} has made no contribution to this agreement");
        }

        return new CliquesMember(Self, members, keys, Contributions, Curve.MultiplyAll(Contributions, keys[own]));
    }

    /// <summary>
    /// Member inclusion (§5.2.1): the old secret (this member's key times its contributions) becomes the cardinal key; a
    /// new contribution x′ multiplies every key but this member's own and that cardinal; the upflow goes to the first of
    /// <paramref name="newMembers"/>, appended to the participants. The secret stays the old one until the downflow.
    /// </summary>
    public (CliquesMember Member, CliquesFlow Upflow) Include(IReadOnlyList<string> newMembers, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(newMembers);
        ArgumentNullException.ThrowIfNull(random);
        int own = Ready();
        IReadOnlyList<string> members = Participants.Checked([.. Members, .. newMembers]);
        if (newMembers.Count == 0)
        {
            throw new MpencException(MpencErrorCode.BadMembers, "an inclusion names at least one new participant");
        }

        byte[] x = NewContribution(random);
        List<byte[]> keys = [.. _keys.Select((k, i) => i == own ? (byte[])k.Clone() : Curve.Multiply(x, k)), Curve.Multiply(x, Secret!)];
        return (new CliquesMember(Self, Members, _keys, [.. Contributions, x], Secret, includePending: true), new CliquesFlow(CliquesFlowKind.Upflow, members, keys));
    }

    /// <summary>
    /// Member exclusion (§5.2.1): a new contribution x′ multiplies every key but this member's own; the excluded
    /// participants and their keys leave; the downflow goes to the rest, and this member has the new secret at once.
    /// </summary>
    public (CliquesMember Member, CliquesFlow Downflow) Exclude(IReadOnlyList<string> excluded, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(excluded);
        ArgumentNullException.ThrowIfNull(random);
        int own = Ready();
        if (excluded.Count == 0 || excluded.Contains(Self) || excluded.Any(e => !Members.Contains(e)) || excluded.Distinct().Count() != excluded.Count || Members.Count - excluded.Count < 2)
        {
            throw new MpencException(excluded.Any(e => !Members.Contains(e)) ? MpencErrorCode.NotAMember : MpencErrorCode.BadMembers, "an exclusion names other current participants, each once, and leaves at least two");
        }

        return Renew(own, excluded, random);
    }

    /// <summary>Key refresh (§5.2.1): a new contribution multiplies every key but this member's own; the downflow goes to all.</summary>
    public (CliquesMember Member, CliquesFlow Downflow) Refresh(IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Renew(Ready(), [], random);
    }

    /// <inheritdoc/>
    public override string ToString() => $"CliquesMember({Self}, {Members.Count} participants, {Contributions.Count} contributions, {(IsReady ? "ready" : "not ready")})";

    private (CliquesMember Member, CliquesFlow Downflow) Renew(int own, IReadOnlyList<string> excluded, IRandom random)
    {
        byte[] x = NewContribution(random);
        List<string> members = [];
        List<byte[]> keys = [];
        for (int i = 0; i < Members.Count; i++)
        {
            if (!excluded.Contains(Members[i]))
            {
                members.Add(Members[i]);
                keys.Add(i == own ? (byte[])_keys[i].Clone() : Curve.Multiply(x, _keys[i]));
            }
        }

        List<byte[]> contributions = [.. Contributions, x];
        byte[] secret = Curve.MultiplyAll(contributions, _keys[own]);
        return (new CliquesMember(Self, members, keys, contributions, secret), new CliquesFlow(CliquesFlowKind.Downflow, members, Participants.Copy(keys)));
    }

    /// <summary>This member's index among the participants of a completed agreement; refuses before the first.</summary>
    private int Ready() =>
        Secret is not null && !IsIncluding && Participants.IndexOf(Members, Self) is { } own
            ? own
            : throw new MpencException(MpencErrorCode.WrongTurn, IsIncluding ? $"{Self} waits for its inclusion's downflow" : $"{Self} has no completed agreement to change");

    private static byte[] NewContribution(IRandom random)
    {
        byte[] x = new byte[Curve.KeyLength];
        random.Fill(x);
        return x;
    }

    private static IReadOnlyList<byte[]> CheckedKeys(IReadOnlyList<byte[]>? keys)
    {
        if (keys is null || keys.Any(k => k is null || k.Length != Curve.KeyLength))
        {
            throw new MpencException(MpencErrorCode.Malformed, $"every intermediate key is {Curve.KeyLength} bytes");
        }

        return Participants.Copy(keys);
    }
}

using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Mpenc;

namespace E2eeConformance.Scenarios.Running.Families;

/// <summary>
/// mpENC (seed 003; docs/protocols/mpenc.md): the <c>E2eeConformance.Mpenc</c> members around its group channel, run
/// by <see cref="MpencRun"/>. It runs the shared vocabulary for groups (users, register, group texts, membership as
/// operations of the group key agreement, delivery faults, the clock — which runs the members' liveness timers —,
/// offline, compromise, and the expectations on them), its own words (<c>refresh_key</c>, <c>send: { parents }</c>, the event kinds
/// <c>unacked</c>, <c>member_absent</c>, <c>proposal_rejected</c>, <c>operation_failed</c>, <c>excluded</c>), and
/// refuses what has no meaning here.
/// </summary>
internal sealed class MpencFamily : IProtocolFamily
{
    /// <summary>The family's name in scenario files.</summary>
    public const string FamilyName = "mpenc";

    /// <summary>The family's one suite: CLIQUES over x25519, ASKE with Ed25519, AES-128-CTR messages signed with Ed25519 (§5.4).</summary>
    public const string X25519 = "x25519";

    private static readonly HashSet<string> StepKeywords = new(
        ["register", "add_user", "offline", "online", "advance_clock", "compromise", "send", "create_group", "add_members",
         "remove_members", "leave", "refresh_key", "deliver", "hold", "release", "drop", "duplicate", "delay", "replay", "tamper", "repeat",
         "run_until_quiet", "expect"],
        StringComparer.Ordinal);

    private static readonly HashSet<string> ExpectationKeywords = new(
        ["received", "not_received", "error", "no_errors", "tolerate", "adversary_decrypts", "adversary_cannot_decrypt", "state", "summary", "event"],
        StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => FamilyName;

    /// <inheritdoc/>
    public string Title => "mpENC (seed 003)";

    /// <inheritdoc/>
    public IReadOnlyList<string> Suites { get; } = [X25519];

    /// <inheritdoc/>
    public IReadOnlyList<string> ErrorCodes { get; } = [.. MpencErrorCodes.All, Loading.ScenarioLoader.RequestRefusedCode];

    /// <inheritdoc/>
    public IReadOnlyList<string> MessageKinds => MpencFlight.Kinds;

    /// <inheritdoc/>
    public bool SendsAsAdversary => false;

    /// <inheritdoc/>
    public IReadOnlyList<string> TamperFields { get; } = ["ciphertext", "signature"];

    /// <inheritdoc/>
    public string? Refuses(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!StepKeywords.Contains(step.Keyword))
        {
            return step.Keyword switch
            {
                "add_device" or "add_group_device" => "an mpENC member is one device: its identity key is the user's (MP-20)",
                "restart" => "an mpENC session lives in the member's process (seed 003 §3.1: a session is a local process); a restart is a member leaving the channel and being included again (MP-20)",
                _ => $"the step {step.Keyword} has no meaning in {Name} (it runs: {string.Join(", ", StepKeywords.Order(StringComparer.Ordinal))})",
            };
        }

        if (step.Cost is not null)
        {
            return $"cost: is measured by the {Scenario.DefaultProtocol} family only";
        }

        string? special = step switch
        {
            AddUserStep { OneTimePreKeys: not null } => "mpENC has no one-time pre-keys",
            AddUserStep { Devices: > 1 } => "an mpENC member is one device (MP-20)",
            CreateGroupStep { Managers.Count: > 0 } => "an mpENC group has no managers: every member may propose an operation (seed 003 §3.1)",
            SendStep s when !s.To.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal) => "mpENC has groups only: send to group:NAME",
            SendStep { Text: "" } or SendStep { Text: null, Size: 0 } => "an empty text is flow control in mpENC (an acknowledgement or heartbeat, MP-17): send at least one character",
            TamperStep { Pick.Kind: MpencFlight.Membership } => "a membership event carries no packet to tamper with (pick a greeting, an ack or a named text)",
            CompromiseStep { Observes: true } => "compromise: { observes } is not scripted in mpenc: a copy holds the keys of the moment (identity key and subsessions)",
            ReplayStep { Pick: { } p } when !MpencFlight.Kinds.Contains(p.Kind, StringComparer.Ordinal) => $"the pick kind {p.Kind} is not one of {Name} ({string.Join(", ", MpencFlight.Kinds)})",
            TamperStep { Pick: { } p } when !MpencFlight.Kinds.Contains(p.Kind, StringComparer.Ordinal) => $"the pick kind {p.Kind} is not one of {Name} ({string.Join(", ", MpencFlight.Kinds)})",
            ExpectStep e => Refuses(e),
            _ => null,
        };
        return special ?? FamilyVocabulary.Refuses(this, step);
    }

    /// <inheritdoc/>
    public string? RefusesSettings(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Users.FirstOrDefault(u => u.OneTimePreKeys is not null) is { } user ? $"user {user.Name}: mpENC has no one-time pre-keys"
            : scenario.Users.FirstOrDefault(u => u.Devices > 1) is { } multi ? $"user {multi.Name}: an mpENC member is one device (MP-20)"
            : scenario.Server != new ServerSettings() ? "server: settings are the e2ee-security server's"
            : scenario.Store == StoreKind.Sqlite ? "store: sqlite is an e2ee-security store; an mpENC session lives in memory (MP-20)"
            : null;
    }

    /// <inheritdoc/>
    public ScenarioResult Run(Scenario scenario, string suite, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new MpencRun(scenario, seed).Execute() with { Protocol = Name };
    }

    private static string? Refuses(ExpectStep step)
    {
        foreach (Expectation e in step.Expectations)
        {
            if (!ExpectationKeywords.Contains(e.Keyword))
            {
                return $"the expectation {e.Keyword} has no meaning in {FamilyName} (it checks: {string.Join(", ", ExpectationKeywords.Order(StringComparer.Ordinal))})";
            }

            if (e is StateExpectation { OneTimePreKeys: not null } or StateExpectation { SignedPreKeyId: not null } or StateExpectation { Sessions: not null } or StateExpectation { SkippedKeys: not null } or StateExpectation { SenderKeyId: not null } or StateExpectation { RoomKeyGeneration: not null })
            {
                return "state: mpENC counts groups and group_members only";
            }

            if (e is EventExpectation v && !EventExpectation.MpencKinds.Contains(v.Kind, StringComparer.Ordinal))
            {
                return $"the event kind {v.Kind} has no meaning in {FamilyName} (its kinds: {string.Join(", ", EventExpectation.MpencKinds)})";
            }
        }

        return null;
    }
}

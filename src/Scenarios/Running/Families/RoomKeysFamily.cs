using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.RoomKeys;

namespace E2eeConformance.Scenarios.Running.Families;

/// <summary>
/// Room keys over RSA (seed 002; docs/protocols/room-keys.md): the <c>E2eeConformance.RoomKeys</c> devices and server,
/// run by <see cref="RoomKeyRun"/>. It runs the shared vocabulary for rooms (users, register, group texts, membership,
/// delivery faults, clock, restart, offline, compromise, a server that substitutes public keys, and the expectations
/// on them), its own steps (<c>request_join</c>, <c>approve_join</c>, <c>set_e2ee</c>, <c>send: { encrypt }</c>,
/// <c>create_group: { e2ee }</c>), and refuses what has no meaning here.
/// </summary>
internal sealed class RoomKeysFamily : IProtocolFamily
{
    /// <summary>The family's name in scenario files.</summary>
    public const string FamilyName = "room-keys";

    /// <summary>The family's one suite: RSA-OAEP (SHA-256) room-key wrapping, AES-256-GCM room messages.</summary>
    public const string Rsa = "rsa-oaep";

    private static readonly HashSet<string> StepKeywords = new(
        ["register", "restart", "add_user", "offline", "online", "advance_clock", "compromise", "send", "create_group",
         "add_members", "remove_members", "leave", "request_join", "approve_join", "set_e2ee", "deliver", "hold", "release",
         "drop", "duplicate", "delay", "replay", "tamper", "repeat", "run_until_quiet", "server", "expect"],
        StringComparer.Ordinal);

    private static readonly HashSet<string> ExpectationKeywords = new(
        ["received", "not_received", "error", "no_errors", "tolerate", "adversary_decrypts", "adversary_cannot_decrypt", "state", "summary", "event"],
        StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => FamilyName;

    /// <inheritdoc/>
    public string Title => "Room keys over RSA (seed 002)";

    /// <inheritdoc/>
    public IReadOnlyList<string> Suites { get; } = [Rsa];

    /// <inheritdoc/>
    public IReadOnlyList<string> ErrorCodes { get; } = [.. RoomKeyErrorCodes.All, Loading.ScenarioLoader.RequestRefusedCode];

    /// <inheritdoc/>
    public IReadOnlyList<string> MessageKinds => RoomKeyFlight.Kinds;

    /// <inheritdoc/>
    public bool SendsAsAdversary => false;

    /// <inheritdoc/>
    public IReadOnlyList<string> TamperFields { get; } = ["ciphertext", "from", "key_id"];

    /// <inheritdoc/>
    public string? Refuses(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!StepKeywords.Contains(step.Keyword))
        {
            return step.Keyword switch
            {
                "add_device" or "add_group_device" => "a user of room keys has one device: the seed's RSA key pair is the user's (RK-6)",
                _ => $"the step {step.Keyword} has no meaning in {Name} (it runs: {string.Join(", ", StepKeywords.Order(StringComparer.Ordinal))})",
            };
        }

        if (step.Cost is not null)
        {
            return $"cost: is measured by the {Scenario.DefaultProtocol} family only";
        }

        string? special = step switch
        {
            ReplayStep { Pick: not null } or TamperStep { Pick: not null } => "a pick of protocol traffic (pick:) is an e2ee-security selector; name the message",
            AddUserStep { OneTimePreKeys: not null } => "room keys have no one-time pre-keys",
            AddUserStep { Devices: > 1 } => "a user of room keys has one device: the seed's RSA key pair is the user's (RK-6)",
            CreateGroupStep { Managers.Count: > 0 } => "a room has one owner, its creator; there are no managers (seed 002)",
            SendStep s when !s.To.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal) => "room keys have rooms only: send to group:NAME",
            ServerStep { Action: not (SubstituteBundleAction or HonestAction) } s => $"server: {s.Action.Name} has no meaning in {Name} (it runs: substitute_bundle — the server hands out another user's public key — and honest)",
            ExpectStep e => Refuses(e),
            _ => null,
        };
        return special ?? FamilyVocabulary.Refuses(this, step);
    }

    /// <inheritdoc/>
    public string? RefusesSettings(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Users.FirstOrDefault(u => u.OneTimePreKeys is not null) is { } user ? $"user {user.Name}: room keys have no one-time pre-keys"
            : scenario.Users.FirstOrDefault(u => u.Devices > 1) is { } multi ? $"user {multi.Name}: a user of room keys has one device: the seed's RSA key pair is the user's (RK-6)"
            : scenario.Server != new ServerSettings() ? "server: settings are the e2ee-security server's"
            : scenario.Store == StoreKind.Sqlite ? "store: sqlite is an e2ee-security store; a room-key device keeps its checksummed stored form in memory (RK-17)"
            : null;
    }

    /// <inheritdoc/>
    public ScenarioResult Run(Scenario scenario, string suite, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new RoomKeyRun(scenario, seed).Execute() with { Protocol = Name };
    }

    private static string? Refuses(ExpectStep step)
    {
        foreach (Expectation e in step.Expectations)
        {
            if (!ExpectationKeywords.Contains(e.Keyword))
            {
                return $"the expectation {e.Keyword} has no meaning in {FamilyName} (it checks: {string.Join(", ", ExpectationKeywords.Order(StringComparer.Ordinal))})";
            }

            if (e is StateExpectation { OneTimePreKeys: not null } or StateExpectation { SignedPreKeyId: not null } or StateExpectation { Sessions: not null } or StateExpectation { SkippedKeys: not null } or StateExpectation { SenderKeyId: not null })
            {
                return "state: room keys count groups, group_members and room_key_generation only";
            }

            if (e is EventExpectation v && !EventExpectation.RoomKeyKinds.Contains(v.Kind, StringComparer.Ordinal))
            {
                return $"the event kind {v.Kind} has no meaning in {FamilyName} (its kinds: {string.Join(", ", EventExpectation.RoomKeyKinds)})";
            }
        }

        return null;
    }
}

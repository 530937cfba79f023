using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.SenderKeys;
using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.Scenarios.Running.Families;

/// <summary>
/// Sender keys over P-256 (seed 004; docs/protocols/sender-keys.md): the <c>E2eeConformance.SenderKeys</c> devices and
/// relay, run by <see cref="SenderKeyRun"/>. It runs the shared vocabulary (users, register, send, groups, delivery
/// faults, clock, restart, offline, compromise and the expectations on them) and refuses what has no meaning here.
/// </summary>
internal sealed class SenderKeysFamily : IProtocolFamily
{
    /// <summary>The family's name in scenario files.</summary>
    public const string FamilyName = "sender-keys";

    /// <summary>The family's one suite: ECDH P-256, HKDF-SHA-256, AES-256-GCM.</summary>
    public const string P256 = "p256";

    private static readonly HashSet<string> StepKeywords = new(
        ["register", "add_device", "restart", "add_user", "offline", "online", "advance_clock", "compromise", "send",
         "create_group", "add_members", "remove_members", "leave", "deliver", "hold", "release", "drop", "duplicate",
         "delay", "replay", "tamper", "repeat", "run_until_quiet", "expect"],
        StringComparer.Ordinal);

    private static readonly HashSet<string> ExpectationKeywords = new(
        ["received", "not_received", "error", "no_errors", "tolerate", "adversary_decrypts", "adversary_cannot_decrypt", "state", "summary"],
        StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => FamilyName;

    /// <inheritdoc/>
    public string Title => "Sender keys over P-256 (seed 004)";

    /// <inheritdoc/>
    public IReadOnlyList<string> Suites { get; } = [P256];

    /// <inheritdoc/>
    public IReadOnlyList<string> ErrorCodes { get; } =
        [.. Enum.GetValues<SenderKeyErrorCode>().Select(SenderKeyErrorCodes.Name), Loading.ScenarioLoader.RequestRefusedCode];

    /// <inheritdoc/>
    public IReadOnlyList<string> MessageKinds => SenderKeyFlight.Kinds;

    /// <inheritdoc/>
    public bool SendsAsAdversary => false;

    /// <inheritdoc/>
    public IReadOnlyList<string> TamperFields { get; } = ["ciphertext", "sequence", "from", "key_id"];

    /// <inheritdoc/>
    public string? Refuses(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!StepKeywords.Contains(step.Keyword))
        {
            return step.Keyword switch
            {
                "add_group_device" => "add_group_device has no meaning in sender keys: a user's new device joins the user's groups by itself (SK-14)",
                _ => $"the step {step.Keyword} has no meaning in {Name} (it runs: {string.Join(", ", StepKeywords.Order(StringComparer.Ordinal))})",
            };
        }

        if (step.Cost is not null)
        {
            return $"cost: is measured by the {Model.Scenario.DefaultProtocol} family only";
        }

        string? special = step switch
        {
            ReplayStep { Pick: not null } or TamperStep { Pick: not null } => "a pick of protocol traffic (pick:) is an e2ee-security selector; name the message",
            AddUserStep { OneTimePreKeys: not null } => "sender keys have no one-time pre-keys",
            CreateGroupStep { Managers.Count: > 0 } => "sender keys have no group roles: any member may change the membership (SK-12)",
            ExpectStep e => Refuses(e),
            _ => null,
        };
        return special ?? FamilyVocabulary.Refuses(this, step);
    }

    /// <inheritdoc/>
    public string? RefusesSettings(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Users.FirstOrDefault(u => u.OneTimePreKeys is not null) is { } user
            ? $"user {user.Name}: sender keys have no one-time pre-keys"
            : scenario.Server != new ServerSettings() ? "server: settings are the e2ee-security server's"
            : scenario.Store == StoreKind.Sqlite ? "store: sqlite is an e2ee-security store; a sender-key device keeps its checksummed stored form in memory (SK-19)"
            : null;
    }

    /// <inheritdoc/>
    public ScenarioResult Run(Scenario scenario, string suite, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new SenderKeyRun(scenario, seed).Execute() with { Protocol = Name };
    }

    private static string? Refuses(ExpectStep step)
    {
        foreach (Expectation e in step.Expectations)
        {
            if (!ExpectationKeywords.Contains(e.Keyword))
            {
                return $"the expectation {e.Keyword} has no meaning in {FamilyName} (it checks: {string.Join(", ", ExpectationKeywords.Order(StringComparer.Ordinal))})";
            }

            if (e is StateExpectation { OneTimePreKeys: not null } or StateExpectation { SignedPreKeyId: not null })
            {
                return "state: sender keys have no pre-keys (one_time_pre_keys, signed_pre_key_id)";
            }
        }

        return null;
    }
}

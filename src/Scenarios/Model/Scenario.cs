namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// A scripted scenario (docs/SCENARIO-FORMAT): who takes part, which suites it runs with, the seed, the steps and the
/// expectations among them. Data only: the loader builds it from YAML, the fluent ScenarioBuilder from C#.
/// </summary>
/// <param name="Name">Unique; used in reports and snapshot file names (letters, digits, '-', '_').</param>
/// <param name="Description">One or two sentences for people.</param>
/// <param name="Tags">Free tags; the tag <c>small</c> lets a scenario run with the slow SLH-DSA suite.</param>
/// <param name="Suites">Suite names the scenario applies to; empty means every suite.</param>
/// <param name="Seed">The scenario's own seed; a command-line seed overrides it; null means <see cref="DefaultSeed"/>.</param>
/// <param name="Users">The users and how many devices each registers with.</param>
/// <param name="Steps">The steps, in order.</param>
public sealed record Scenario(
    string Name,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Suites,
    ulong? Seed,
    IReadOnlyList<UserSpec> Users,
    IReadOnlyList<Step> Steps)
{
    /// <summary>The seed of a scenario that names none and is run without --seed.</summary>
    public const ulong DefaultSeed = 20261125;

    /// <summary>The protocol family of a scenario that names none (<c>protocol:</c>): E2EE Security, as before families existed.</summary>
    public const string DefaultProtocol = "e2ee-security";

    /// <summary>
    /// The protocol families the scenario runs on (<c>protocol: NAME</c> or a list; docs/PROTOCOL-FAMILIES.md): one
    /// name, or several for a shared scenario, whose steps mean the same in each. Default: <see cref="DefaultProtocol"/>.
    /// </summary>
    public IReadOnlyList<string> Protocols { get; init; } = [DefaultProtocol];

    /// <summary>The sender-key family's settings (<c>sender_keys:</c>): rotation and windows; null: the family's defaults.</summary>
    public SenderKeySettings? SenderKeys { get; init; }

    /// <summary>The room-key family's settings (<c>room_keys:</c>): replacement time and RSA key size; null: the run's defaults.</summary>
    public RoomKeySettings? RoomKeys { get; init; }

    /// <summary>How devices store their state: <see cref="StoreKind.Auto"/> is SQLite when a step restarts a device.</summary>
    public StoreKind Store { get; init; } = StoreKind.Auto;

    /// <summary>Settings of the in-memory server for this scenario.</summary>
    public ServerSettings Server { get; init; } = new();

    /// <summary>When set, the scenario is not run, and its results say this reason.</summary>
    public string? Disabled { get; init; }

    /// <summary>Where the scenario was read from.</summary>
    public SourceSpan Source { get; init; } = SourceSpan.None;

    /// <summary>
    /// The scenario's file as a reader finds it: a built-in's path in the repository
    /// (<c>src/Scenarios/Catalog/25-group-basic.yaml</c>), the path a file was loaded from, or empty for a scenario
    /// built in C#. Reports name it (JUnit's <c>file</c>, the HTML report).
    /// </summary>
    public string SourceFile { get; init; } = "";
}

/// <summary>A user taking part: devices <c>name/1 … name/N</c> are registered by a <c>register</c> step.</summary>
/// <param name="Name">The user id.</param>
/// <param name="Devices">How many devices the user starts with (≥ 1).</param>
/// <param name="OneTimePreKeys">One-time pre-keys each device registers with (the protocol's batch when null).</param>
public sealed record UserSpec(string Name, int Devices, int? OneTimePreKeys = null);

/// <summary>Device state stores a scenario can use.</summary>
public enum StoreKind
{
    /// <summary>SQLite when any step restarts a device, in memory otherwise.</summary>
    Auto,

    /// <summary>Immutable state objects kept in memory.</summary>
    Memory,

    /// <summary>A SQLite file per device (Microsoft.Data.Sqlite), deleted after the run.</summary>
    Sqlite,
}

/// <summary>In-memory server settings a scenario may change.</summary>
/// <param name="OneTimePreKeyRefillThreshold">Below this many one-time pre-keys the server asks a device for more (0: never).</param>
public sealed record ServerSettings(int OneTimePreKeyRefillThreshold = 10);

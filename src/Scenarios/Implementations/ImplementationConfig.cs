using System.Text.Json;
using System.Text.RegularExpressions;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Implementations;

/// <summary>
/// An implementation config (<c>implementations/NAME.json</c>, docs/IMPLEMENTATIONS.md; issue 13 §2): the name, the
/// shim's command line, the suites, the per-command timeout, the error-name map, the scenarios disabled with a reason
/// and the known deviations. Every field is checked; an unknown field is an error (a misspelt key must not silently
/// do nothing). Placeholders in the command: <c>{dotnet}</c> (the .NET host running the harness),
/// <c>{harness}</c> (the directory of the harness's assemblies, where our engine's shim is) and <c>{config_dir}</c>
/// (the directory of the config file).
/// </summary>
public static partial class ImplementationConfig
{
    /// <summary>The value of the optional <c>format</c> field.</summary>
    public const string Format = "e2ee-conformance/implementation-v1";

    /// <summary>The per-command timeout when the config gives none: five minutes (a 100-member PQC group through a shim needs more than one).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private const int MaxTimeoutSeconds = 3600;

    private static readonly string[] Fields = ["format", "name", "description", "command", "suites", "timeout_seconds", "error_names", "disabled", "deviations"];

    /// <summary>Parses a config; <paramref name="source"/> names it in messages, <paramref name="configDirectory"/> and <paramref name="harnessDirectory"/> fill the placeholders.</summary>
    /// <exception cref="ImplementationConfigException">The text is not a valid config (code <c>implementation_config_invalid</c>).</exception>
    public static DeviceImplementation Parse(string json, string source, string configDirectory, string harnessDirectory)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw Invalid(source, $"not JSON: {e.Message}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(source, "the config must be a JSON object");
            }

            Reader r = new(source);
            r.OnlyKnown(root, "the config", Fields);
            if (r.OptionalString(root, "format") is { } format && format != Format)
            {
                throw Invalid(source, $"format '{format}' is not '{Format}'");
            }

            string name = r.RequiredString(root, "name");
            if (!NamePattern().IsMatch(name) || name == DeviceImplementation.EngineName)
            {
                throw Invalid(source, $"name '{name}' must be lower-case letters, digits, '.', '_' or '-' (at most 40, starting with a letter or digit), and not '{DeviceImplementation.EngineName}'");
            }

            List<string> command = r.StringList(root, "command", required: true)!;
            if (command.Count == 0 || command[0].Length == 0)
            {
                throw Invalid(source, "command must name a program (a non-empty first element)");
            }

            command = [.. command.Select(part => Expand(part, source, configDirectory, harnessDirectory))];
            List<string>? suites = r.StringList(root, "suites", required: false);
            foreach (string suite in suites ?? [])
            {
                if (!CipherSuite.Named.Any(s => s.Name == suite))
                {
                    throw Invalid(source, $"suites: '{suite}' is not a suite of the harness ({string.Join(", ", CipherSuite.Named.Select(s => s.Name))})");
                }
            }

            return new DeviceImplementation(name, command[0], command[1..], Timeout(r, root))
            {
                Suites = suites,
                ErrorNames = ErrorNames(r, root),
                Disabled = DisabledRuns(r, root),
                Deviations = KnownDeviations(r, root),
            };
        }
    }

    /// <summary>Reads the config file at <paramref name="path"/>.</summary>
    /// <exception cref="ImplementationConfigException">No such file, or not a valid config.</exception>
    public static DeviceImplementation Load(string path, string harnessDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ImplementationConfigException(ImplementationConfigException.NotFoundCode, $"{path}: no such implementation config file");
        }

        string full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), path, Path.GetDirectoryName(full)!, harnessDirectory);
    }

    private static TimeSpan Timeout(Reader r, JsonElement root)
    {
        if (!root.TryGetProperty("timeout_seconds", out JsonElement value))
        {
            return DefaultTimeout;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double seconds) || !double.IsFinite(seconds) || seconds <= 0 || seconds > MaxTimeoutSeconds)
        {
            throw Invalid(r.Source, $"timeout_seconds must be a number of seconds above 0 and at most {MaxTimeoutSeconds}");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static Dictionary<string, string> ErrorNames(Reader r, JsonElement root)
    {
        Dictionary<string, string> map = new(StringComparer.Ordinal);
        if (!root.TryGetProperty("error_names", out JsonElement names))
        {
            return map;
        }

        if (names.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(r.Source, "error_names must be an object: their error name → the harness's error code");
        }

        foreach (JsonProperty entry in names.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String || !ProtocolErrorCodes.TryParse(entry.Value.GetString()!, out _))
            {
                throw Invalid(r.Source, $"error_names.{entry.Name}: '{entry.Value}' is not an error code of the harness (docs/ADAPTER.md lists them)");
            }

            if (!map.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw Invalid(r.Source, $"error_names: '{entry.Name}' is mapped twice");
            }
        }

        return map;
    }

    private static List<DisabledRun> DisabledRuns(Reader r, JsonElement root) =>
        [.. r.Objects(root, "disabled").Select((entry, i) =>
        {
            string where = $"disabled[{i}]";
            r.OnlyKnown(entry, where, ["scenario", "suite", "reason"]);
            string? suite = r.OptionalString(entry, "suite", where);
            if (suite is not null && !CipherSuite.Named.Any(s => s.Name == suite))
            {
                throw Invalid(r.Source, $"{where}.suite: '{suite}' is not a suite of the harness");
            }

            return new DisabledRun(r.RequiredString(entry, "scenario", where), suite, r.RequiredString(entry, "reason", where));
        })];

    private static List<KnownDeviation> KnownDeviations(Reader r, JsonElement root) =>
        [.. r.Objects(root, "deviations").Select((entry, i) =>
        {
            string where = $"deviations[{i}]";
            r.OnlyKnown(entry, where, ["name", "behaviour", "description", "scenarios"]);
            List<string> scenarios = r.StringList(entry, "scenarios", required: true, where)!;
            return new KnownDeviation(r.RequiredString(entry, "name", where), r.OptionalString(entry, "behaviour", where) ?? "", r.RequiredString(entry, "description", where), scenarios);
        })];

    private static string Expand(string part, string source, string configDirectory, string harnessDirectory)
    {
        string expanded = part
            .Replace("{dotnet}", Adapter.AdapterProtocol.DotnetHost(), StringComparison.Ordinal)
            .Replace("{harness}", harnessDirectory.TrimEnd('/', '\\'), StringComparison.Ordinal)
            .Replace("{config_dir}", configDirectory.TrimEnd('/', '\\'), StringComparison.Ordinal);
        return PlaceholderPattern().Match(expanded) is { Success: true } unknown
            ? throw Invalid(source, $"command: unknown placeholder {unknown.Value} (known: {{dotnet}}, {{harness}}, {{config_dir}})")
            : expanded;
    }

    private static ImplementationConfigException Invalid(string source, string message) =>
        new(ImplementationConfigException.InvalidCode, $"{source}: {message}");

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,39}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex PlaceholderPattern();
}

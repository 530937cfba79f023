using System.Globalization;
using System.Text.RegularExpressions;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using YamlDotNet.RepresentationModel;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// Reads scenario files (YAML, docs/SCENARIO-FORMAT and <c>Schema/scenario.schema.json</c>) into <see cref="Scenario"/>
/// records. Every node is checked: unknown keys, wrong node kinds, bad values, and names that refer to nothing defined
/// before (users, devices, groups, messages, adversary states, error codes) are reported as a
/// <see cref="ScenarioFormatException"/> naming the file, line and column.
/// </summary>
public static partial class ScenarioLoader
{
    /// <summary>The keys of a scenario file's top-level mapping.</summary>
    public static IReadOnlyList<string> TopLevelKeys { get; } =
        ["name", "description", "tags", "protocol", "suites", "seed", "store", "server", "sender_keys", "room_keys", "disabled", "users", "steps"];

    /// <summary>Every step keyword, in the order the format documents them.</summary>
    public static IReadOnlyList<string> StepKeywords => StepParser.StepKeywords;

    /// <summary>Every expectation keyword of <c>expect</c>.</summary>
    public static IReadOnlyList<string> ExpectationKeywords => ExpectationParser.ExpectationKeywords;

    /// <summary>The fields <c>tamper</c> can flip a bit in.</summary>
    public static IReadOnlyList<string> TamperFields => Running.Families.ProtocolFamilies.TamperFields;

    /// <summary>The largest <c>send: { size }</c>: 1 MiB (the server's request limit is 16 MiB; a larger text only costs memory).</summary>
    public const int MaxSendSize = 1 << 20;

    /// <summary>The most runs of a repeat's body, nested repeats multiplied: a hundred thousand (the catalog's largest is 1030).</summary>
    public const int MaxRepeatIterations = 100_000;

    /// <summary>The most devices a user may start with.</summary>
    public const int MaxDevicesPerUser = 64;

    /// <summary>The most one-time pre-keys a device may register with, or the server's refill threshold: the most unused ones a device keeps.</summary>
    public const int MaxOneTimePreKeys = Engine.Protocol.ProtocolLimits.MaxUnusedOneTimePreKeys;

    /// <summary>The most deliveries one chaos step may draw.</summary>
    public const int MaxChaosDeliveries = 1_000_000;

    /// <summary>
    /// The most steps a run may take, each step counted as often as its enclosing repeats run it: a million. It bounds a
    /// file whose aliases (<c>*name</c>) repeat a list of steps inside itself, which grows without growing the text.
    /// </summary>
    public const int MaxStepRuns = 1_000_000;

    /// <summary>
    /// The furthest a run's <c>advance_clock</c> steps may move the virtual clock in all, repeats counted: a thousand years
    /// (the catalog's furthest is weeks; a clock pushed past the year 9999 is no time any device can hold).
    /// </summary>
    public static TimeSpan MaxClockAdvance { get; } = TimeSpan.FromDays(365_250);

    /// <summary>The deepest nesting of lists and mappings a file may have, aliases expanded (the catalog's deepest is about a dozen).</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>
    /// The most YAML nodes a file may stand for with its aliases (<c>*name</c>) expanded: a million (the catalog's
    /// largest file has a few thousand).
    /// </summary>
    public const int MaxYamlNodes = 1_000_000;

    /// <summary>The most steps a <c>delay</c> may last: a million (a scenario this long does not run in a day).</summary>
    public const int MaxDelaySteps = 1_000_000;

    /// <summary>The most users one bulk entry (<c>u: { count: N }</c>) declares.</summary>
    public const int MaxBulkUsers = 1000;

    /// <summary>The largest <c>cost: { max_key_derivations }</c>: a billion (a step that makes more does not end today).</summary>
    public const long MaxCostKeyDerivations = 1_000_000_000;

    /// <summary>The largest <c>cost: { max_ms_cpu }</c>: an hour of CPU time.</summary>
    public const long MaxCostCpuMilliseconds = 3_600_000;

    /// <summary>
    /// The message kinds a selector's <c>kind</c> may name: the ProtoMsg kinds (<see cref="ProtoMsgKinds.All"/>), then the
    /// other protocol families' kinds (each family checks its own: <see cref="Running.Families.IProtocolFamily.MessageKinds"/>).
    /// </summary>
    public static IReadOnlyList<string> MessageKinds => Running.Families.ProtocolFamilies.MessageKinds;

    /// <summary>
    /// The codes an <c>error</c> or <c>tolerate</c> expectation may name: the stable protocol error codes
    /// (<see cref="ProtocolErrorCodes.Name"/>), and <see cref="RequestRefusedCode"/> for a request the server refused.
    /// </summary>
    /// <remarks>Then the other protocol families' codes; each family checks its own (<see cref="Running.Families.IProtocolFamily.ErrorCodes"/>).</remarks>
    public static IReadOnlyList<string> ErrorCodes => Running.Families.ProtocolFamilies.ErrorCodes;

    /// <summary>The code a refused request is recorded under (the device's <c>RequestRefused</c> report).</summary>
    public const string RequestRefusedCode = "request_refused";

    /// <summary>The steps whose request the server may refuse, as a <c>refused</c> expectation's <c>request</c> names them.</summary>
    public static IReadOnlyList<string> RefusableRequests { get; } = ["create_group", "add_members", "remove_members", "leave", "add_group_device"];

    /// <summary>
    /// The codes a <c>refused</c> expectation may name: every refusing response code of the wire's ResponseCode, in
    /// lowercase with underscores (<c>forbidden</c>, <c>request_conflict</c>, <c>not_found</c>, …).
    /// </summary>
    public static IReadOnlyList<string> RefusalCodes { get; } =
        [.. Enum.GetValues<Engine.Wire.ResponseCode>().Where(c => c != Engine.Wire.ResponseCode.Unspecified && !Engine.Client.DeviceCore.IsSuccess(c)).Select(RefusalCodeOf)];

    /// <summary>The stable lowercase name of a response code: <c>RequestConflict</c> → <c>request_conflict</c>.</summary>
    public static string RefusalCodeOf(Engine.Wire.ResponseCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && (char.IsUpper(c) || (char.IsDigit(c) && !char.IsDigit(code.ToString()[i - 1]))) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>Reads a scenario file.</summary>
    /// <exception cref="ScenarioFormatException">The file is not a valid scenario.</exception>
    public static Scenario LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a scenario from YAML text; <paramref name="fileName"/> is what errors and <see cref="Scenario.Source"/> name.</summary>
    /// <exception cref="ScenarioFormatException">The text is not a valid scenario.</exception>
    public static Scenario Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        YamlStream stream = YamlDocumentLoader.Load(yaml, fileName);
        if (stream.Documents.Count == 0)
        {
            throw new ScenarioFormatException(
                ScenarioFormatException.MissingKeyCode, new SourceSpan(fileName, 1, 1), ScenarioDocumentReader.ScenarioShape, "an empty file");
        }

        if (stream.Documents.Count > 1)
        {
            YamlNode second = stream.Documents[1].RootNode;
            throw new ScenarioFormatException(
                ScenarioFormatException.SyntaxCode, NodeText.SpanOf(fileName, second.Start), "one scenario per file", "a second YAML document");
        }

        return new ScenarioDocumentReader(fileName).Read(stream.Documents[0].RootNode);
    }

    /// <summary>
    /// Parses a duration: one or more of <c>Nd</c>, <c>Nh</c>, <c>Nm</c>, <c>Ns</c>, <c>Nms</c> in this order
    /// (<c>8d</c>, <c>36h</c>, <c>90m</c>, <c>30s</c>, <c>500ms</c>, <c>1d12h</c>).
    /// </summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        Match m = DurationRegex().Match(text);
        if (!m.Success)
        {
            return false;
        }

        (string Group, long Ticks)[] units =
        [
            ("d", TimeSpan.TicksPerDay), ("h", TimeSpan.TicksPerHour), ("m", TimeSpan.TicksPerMinute),
            ("s", TimeSpan.TicksPerSecond), ("ms", TimeSpan.TicksPerMillisecond),
        ];
        long ticks = 0;
        bool any = false;
        try
        {
            foreach ((string group, long unit) in units)
            {
                Group g = m.Groups[group];
                if (!g.Success)
                {
                    continue;
                }

                any = true;
                if (!long.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
                {
                    return false;
                }

                ticks = checked(ticks + checked(n * unit));
            }
        }
        catch (OverflowException)
        {
            return false;
        }

        if (!any)
        {
            return false;
        }

        duration = TimeSpan.FromTicks(ticks);
        return true;
    }

    [GeneratedRegex(@"^(?:(?<d>[0-9]+)d)?(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?(?:(?<ms>[0-9]+)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationRegex();
}

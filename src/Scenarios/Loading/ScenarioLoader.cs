using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;

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
        ["name", "description", "tags", "suites", "seed", "store", "server", "disabled", "users", "steps"];

    /// <summary>Every step keyword, in the order the format documents them.</summary>
    public static IReadOnlyList<string> StepKeywords => Reader.StepKeywords;

    /// <summary>Every expectation keyword of <c>expect</c>.</summary>
    public static IReadOnlyList<string> ExpectationKeywords => Reader.ExpectationKeywords;

    /// <summary>The fields <c>tamper</c> can flip a bit in.</summary>
    public static IReadOnlyList<string> TamperFields { get; } =
        ["ciphertext", "session_id", "sequence", "ratchet_key", "signature", "from", "msg_id", "payload"];

    /// <summary>The ProtoMsg kinds a selector's <c>kind</c> may name (<see cref="ProtoMsgKinds.All"/>).</summary>
    public static IReadOnlyList<string> MessageKinds => ProtoMsgKinds.All;

    /// <summary>The stable protocol error codes an <c>error</c> expectation may name (<see cref="ProtocolErrorCodes.Name"/>).</summary>
    public static IReadOnlyList<string> ErrorCodes { get; } = [.. Enum.GetValues<ProtocolErrorCode>().Select(c => c.Name())];

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
        YamlStream stream = LoadYaml(yaml, fileName);
        if (stream.Documents.Count == 0)
        {
            throw new ScenarioFormatException(
                ScenarioFormatException.MissingKeyCode, new SourceSpan(fileName, 1, 1), Reader.ScenarioShape, "an empty file");
        }

        if (stream.Documents.Count > 1)
        {
            YamlNode second = stream.Documents[1].RootNode;
            throw new ScenarioFormatException(
                ScenarioFormatException.SyntaxCode, Reader.SpanOf(fileName, second.Start), "one scenario per file", "a second YAML document");
        }

        return new Reader(fileName).ReadScenario(stream.Documents[0].RootNode);
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

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScenarioNameRegex();

    [GeneratedRegex(@"^[a-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNameRegex();

    /// <summary>Names of messages, groups, adversary states and added devices: may contain <c>{var}</c> of an enclosing repeat.</summary>
    [GeneratedRegex(@"^(?:[A-Za-z0-9_.-]|\{[A-Za-z_][A-Za-z0-9_]*\})+$", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex VariableRegex();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableNameRegex();

    private static YamlStream LoadYaml(string yaml, string fileName)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var parser = new TrackingParser(new Parser(scanner));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e) when (e.GetType() == typeof(YamlException) && e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal))
        {
            // The representation model refuses a mapping with a key written twice (e.g. a user listed twice).
            string key = e.Message["Duplicate key ".Length..];
            throw new ScenarioFormatException(
                ScenarioFormatException.DuplicateNameCode, Reader.SpanOf(fileName, e.Start), "each key at most once in a mapping", Invariant($"\"{key}\" a second time"), e);
        }
        catch (YamlException e)
        {
            // Some of YamlDotNet's errors carry no position (line 1, column 1, index 0): then the scanner's position, or
            // for an undefined alias the alias itself, is where the problem is.
            Mark at = e.Start;
            if (at.Index == 0 && at.Line <= 1 && at.Column <= 1)
            {
                at = e is AnchorNotFoundException && parser.FirstAlias(e.Message) is { } alias ? alias : scanner.CurrentPosition;
            }

            string? expected = e is AnchorNotFoundException ? "an anchor (&name) defined before its alias (*name)"
                : e.Message.Contains("quoted scalar", StringComparison.Ordinal) ? "a closing quote for the text that starts here"
                : null;
            throw SyntaxError(yaml, fileName, at, parser, e.Message, e, expected);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections; the scanner knows where it stopped.
            throw SyntaxError(yaml, fileName, scanner.CurrentPosition, parser, null, e);
        }

        return stream;
    }

    private static ScenarioFormatException SyntaxError(
        string yaml, string fileName, Mark at, TrackingParser parser, string? problem, Exception inner, string? expected = null)
    {
        if (expected is null && parser.InnermostOpenFlow is { } open)
        {
            (char opening, char closing, string what) = open.Sequence ? ('[', ']', "list") : ('{', '}', "mapping");
            expected = Invariant($"',' or '{closing}' in the {what} opened with '{opening}' at line {open.Start.Line}, column {open.Start.Column}");
        }

        expected ??= "well-formed YAML (consistent indentation, closed quotes and brackets)";

        string found = TextAt(yaml, at);
        if (!string.IsNullOrWhiteSpace(problem))
        {
            string p = problem.Trim().TrimEnd('.');
            found += " (" + char.ToLowerInvariant(p[0]) + p[1..] + ")";
        }

        return new ScenarioFormatException(ScenarioFormatException.SyntaxCode, Reader.SpanOf(fileName, at), expected, found, inner);
    }

    /// <summary>The text at a position: the rest of its line, or of the next line that has any, or "the end of the file".</summary>
    private static string TextAt(string yaml, Mark at)
    {
        string[] lines = yaml.Split('\n');
        long line = Math.Max(1, at.Line);
        long column = Math.Max(1, at.Column);
        for (long i = line - 1; i < lines.Length; i++)
        {
            string text = lines[i].TrimEnd('\r');
            if (i == line - 1)
            {
                text = column - 1 < text.Length ? text[(int)(column - 1)..] : string.Empty;
            }

            if (!string.IsNullOrWhiteSpace(text))
            {
                return Reader.Quote(text.Trim());
            }
        }

        return "the end of the file";
    }

    /// <summary>Passes YamlDotNet's parsing events through, remembering which collections are open (for syntax errors).</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        private readonly List<(bool Flow, bool Sequence, Mark Start)> _open = [];
        private readonly List<(string Name, Mark Start)> _aliases = [];

        public ParsingEvent? Current => inner.Current;

        public (bool Sequence, Mark Start)? InnermostOpenFlow =>
            _open.Count > 0 && _open[^1].Flow ? (_open[^1].Sequence, _open[^1].Start) : null;

        /// <summary>The first alias (<c>*name</c>) whose name the message quotes, if any.</summary>
        public Mark? FirstAlias(string message)
        {
            foreach ((string name, Mark start) in _aliases)
            {
                if (message.Contains("'" + name + "'", StringComparison.Ordinal))
                {
                    return start;
                }
            }

            return null;
        }

        public bool MoveNext()
        {
            bool more = inner.MoveNext();
            switch (inner.Current)
            {
                case AnchorAlias a:
                    _aliases.Add((a.Value.Value, a.Start));
                    break;
                case SequenceStart s:
                    _open.Add((s.Style == SequenceStyle.Flow, true, s.Start));
                    break;
                case MappingStart m:
                    _open.Add((m.Style == MappingStyle.Flow, false, m.Start));
                    break;
                case SequenceEnd or MappingEnd when _open.Count > 0:
                    _open.RemoveAt(_open.Count - 1);
                    break;
                default:
                    break;
            }

            return more;
        }
    }

    /// <summary>Names defined by earlier steps (messages, groups, adversary states), with where each was defined.</summary>
    private sealed class NameTable(string what, string definedBy)
    {
        private readonly Dictionary<string, SourceSpan> _names = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private readonly List<Regex> _patterns = [];

        public string What { get; } = what;

        public string DefinedBy { get; } = definedBy;

        public IReadOnlyList<string> Names => _order;

        public bool Contains(string name) => _names.ContainsKey(name) || _patterns.Exists(p => p.IsMatch(name));

        public bool TryGet(string name, out SourceSpan? at) => _names.TryGetValue(name, out at);

        public void Add(string name, SourceSpan at)
        {
            _names.Add(name, at);
            _order.Add(name);
        }

        public void AddPattern(Regex pattern) => _patterns.Add(pattern);
    }

    /// <summary>The keys of one mapping, checked against the allowed ones.</summary>
    private sealed class Fields
    {
        private readonly Reader _reader;
        private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _byKey = new(StringComparer.Ordinal);
        private readonly List<string> _written = [];

        public Fields(Reader reader, YamlNode node, string what, IReadOnlyList<string> allowed, string? shape = null)
        {
            _reader = reader;
            What = what;
            if (node is not YamlMappingNode mapping)
            {
                throw reader.Error(
                    ScenarioFormatException.BadValueCode, node, shape ?? Invariant($"a mapping ({string.Join(", ", allowed)}) for {what}"), Reader.Describe(node));
            }

            Node = mapping;
            foreach ((YamlNode k, YamlNode v) in mapping.Children)
            {
                YamlScalarNode key = reader.Key(k);
                string name = key.Value ?? string.Empty;
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw reader.Error(
                        ScenarioFormatException.UnknownKeyCode, key, Invariant($"one of the keys of {what}: {string.Join(", ", allowed)}"), Invariant($"key {Reader.Quote(name)}"));
                }

                _byKey.Add(name, (key, v));
                _written.Add(name);
            }
        }

        public string What { get; }

        public YamlMappingNode Node { get; }

        public bool IsEmpty => _written.Count == 0;

        public bool Has(string key) => _byKey.ContainsKey(key);

        public YamlNode? Get(string key) => _byKey.TryGetValue(key, out var kv) ? kv.Value : null;

        public YamlScalarNode KeyNode(string key) => _byKey[key].Key;

        public YamlNode Require(string key, string description) =>
            Get(key) ?? throw _reader.Error(ScenarioFormatException.MissingKeyCode, Node, Invariant($"'{key}:' ({description}) in {What}"), DescribeKeys());

        /// <summary>Fails when both keys are written; names the one written later.</summary>
        public void Exclusive(string a, string b)
        {
            if (Has(a) && Has(b))
            {
                string later = _written.IndexOf(a) > _written.IndexOf(b) ? a : b;
                string earlier = later == a ? b : a;
                throw _reader.Error(
                    ScenarioFormatException.ConflictingKeysCode, KeyNode(later), Invariant($"either '{earlier}' or '{later}' in {What}, not both"), Invariant($"both '{earlier}' and '{later}'"));
            }
        }

        /// <summary>Exactly one of the two keys must be written.</summary>
        public void ExactlyOne(string a, string b, string description)
        {
            Exclusive(a, b);
            if (!Has(a) && !Has(b))
            {
                throw _reader.Error(ScenarioFormatException.MissingKeyCode, Node, Invariant($"'{a}:' or '{b}:' ({description}) in {What}"), DescribeKeys());
            }
        }

        /// <summary>At least one of the keys must be written.</summary>
        public void AtLeastOne(IReadOnlyList<string> keys, string orElse = "")
        {
            if (!keys.Any(Has))
            {
                throw _reader.Error(
                    ScenarioFormatException.MissingKeyCode, Node, Invariant($"at least one of {string.Join(", ", keys)} in {What}{orElse}"), DescribeKeys());
            }
        }

        /// <summary>Both keys or neither.</summary>
        public void Together(string a, string b, string description)
        {
            if (Has(a) != Has(b))
            {
                string missing = Has(a) ? b : a;
                string present = Has(a) ? a : b;
                throw _reader.Error(
                    ScenarioFormatException.MissingKeyCode, KeyNode(present), Invariant($"'{missing}:' ({description}) with '{present}:' in {What}"), DescribeKeys());
            }
        }

        private string DescribeKeys() =>
            _written.Count == 0 ? Invariant($"an empty {What}") : Invariant($"{What} with only {string.Join(", ", _written)}");
    }

    /// <summary>One pass over a scenario document: builds the records and checks names in document order.</summary>
    private sealed class Reader(string file)
    {
        public const string ScenarioShape = "a scenario: a mapping with name, users and steps";

        private const int MaxExpandedNames = 10_000;

        private static readonly (string Keyword, Func<Reader, YamlMappingNode, YamlNode, Step> Read)[] StepTable =
        [
            ("register", (r, _, v) => r.Register(v)),
            ("add_device", (r, _, v) => r.AddDevice(v)),
            ("restart", (r, _, v) => new RestartStep(r.Party(v, "the device to restart"))),
            ("advance_clock", (r, _, v) => r.AdvanceClock(v)),
            ("compromise", (r, _, v) => r.Compromise(v)),
            ("send", (r, _, v) => r.Send(v)),
            ("create_group", (r, _, v) => r.CreateGroup(v)),
            ("add_members", (r, _, v) => r.Members(v, "add_members", (by, g, u) => new AddMembersStep(by, g, u))),
            ("remove_members", (r, _, v) => r.Members(v, "remove_members", (by, g, u) => new RemoveMembersStep(by, g, u))),
            ("leave", (r, _, v) => r.Leave(v)),
            ("add_group_device", (r, _, v) => r.AddGroupDevice(v)),
            ("deliver", (r, _, v) => r.Deliver(v)),
            ("hold", (r, _, v) => new HoldStep(r.Selector(v, "hold"))),
            ("release", (r, _, v) => new ReleaseStep(r.Selector(v, "release"))),
            ("drop", (r, _, v) => new DropStep(r.Selector(v, "drop"))),
            ("duplicate", (r, _, v) => new DuplicateStep(r.Selector(v, "duplicate"))),
            ("delay", (r, _, v) => r.Delay(v)),
            ("replay", (r, _, v) => r.Replay(v)),
            ("tamper", (r, _, v) => r.Tamper(v)),
            ("repeat", (r, item, _) => r.Repeat(item)),
            ("run_until_quiet", (r, _, v) => r.RunUntilQuiet(v)),
            ("chaos", (r, _, v) => r.Chaos(v)),
            ("expect", (r, _, v) => r.Expect(v)),
        ];

        private static readonly (string Keyword, Func<Reader, YamlNode, Expectation> Read)[] ExpectationTable =
        [
            ("received", (r, v) => r.Received(v)),
            ("not_received", (r, v) => r.NotReceived(v)),
            ("error", (r, v) => r.ErrorExpectationOf(v)),
            ("no_errors", (r, v) => new NoErrorsExpectation(r.Party(v, "the devices to check", allowAll: true))),
            ("tolerate", (r, v) => r.Tolerate(v)),
            ("adversary_decrypts", (r, v) => r.Adversary(v, canDecrypt: true)),
            ("adversary_cannot_decrypt", (r, v) => r.Adversary(v, canDecrypt: false)),
            ("state", (r, v) => r.State(v)),
            ("server", (r, v) => r.Server(v)),
            ("summary", (r, v) => new SummaryExpectation(r.Party(v, "the devices to summarize", allowAll: true))),
        ];

        private static readonly Dictionary<string, Func<Reader, YamlMappingNode, YamlNode, Step>> StepsByKeyword =
            StepTable.ToDictionary(s => s.Keyword, s => s.Read, StringComparer.Ordinal);

        private static readonly Dictionary<string, Func<Reader, YamlNode, Expectation>> ExpectationsByKeyword =
            ExpectationTable.ToDictionary(s => s.Keyword, s => s.Read, StringComparer.Ordinal);

        private static readonly string[] SelectorKeys = ["message", "messages", "to", "from", "kind"];

        private readonly Dictionary<string, UserSpec> _users = new(StringComparer.Ordinal);
        private readonly List<string> _userOrder = [];
        private readonly HashSet<string> _usersWithAddedDevices = new(StringComparer.Ordinal);
        private readonly NameTable _messages = new("message", "the 'as' of an earlier send");
        private readonly NameTable _groups = new("group", "the 'name' of an earlier create_group");
        private readonly NameTable _adversaries = new("adversary state", "the 'as' of an earlier compromise");
        private readonly List<(string Variable, int Times, SourceSpan At)> _repeats = [];

        public static IReadOnlyList<string> StepKeywords { get; } = [.. StepTable.Select(s => s.Keyword)];

        public static IReadOnlyList<string> ExpectationKeywords { get; } = [.. ExpectationTable.Select(s => s.Keyword)];

        private static string StepShape => Invariant($"a mapping with one step keyword ({string.Join(", ", StepKeywords)})");

        private static string ExpectShape => Invariant($"a mapping of expectations ({string.Join(", ", ExpectationKeywords)}) or a list of them");

        public static SourceSpan SpanOf(string file, Mark mark) => new(file, checked((int)mark.Line), checked((int)mark.Column));

        public static string Quote(string value)
        {
            string v = value
                .Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\r", "\\r", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal);
            return "\"" + (v.Length > 60 ? v[..57] + "..." : v) + "\"";
        }

        public Scenario ReadScenario(YamlNode root)
        {
            var f = new Fields(this, root, "the scenario", TopLevelKeys, ScenarioShape);
            string name = Text(f.Require("name", "the scenario's name"), "a scenario name", out YamlScalarNode nameNode);
            if (!ScenarioNameRegex().IsMatch(name))
            {
                throw Error(ScenarioFormatException.BadValueCode, nameNode, "a scenario name of letters, digits, '_' and '-'", Quote(name));
            }

            string description = f.Get("description") is { } d ? Text(d, "a description", out _, allowEmpty: true) : string.Empty;
            IReadOnlyList<string> tags = f.Get("tags") is { } t ? TextList(t, "a list of tags", "a tag (text)", allowEmptyList: true) : [];
            IReadOnlyList<string> suites = f.Get("suites") is { } s ? Suites(s) : [];
            ulong? seed = f.Get("seed") is { } sd ? Seed(sd) : null;
            StoreKind store = f.Get("store") is { } st ? Store(st) : StoreKind.Auto;
            ServerSettings server = f.Get("server") is { } sv ? ServerSettings(sv) : new ServerSettings();
            string? disabled = f.Get("disabled") is { } ds ? Text(ds, "the reason the scenario is disabled", out _) : null;
            IReadOnlyList<UserSpec> users = Users(f.Require("users", "the users taking part, e.g. alice: { devices: 1 }"));
            IReadOnlyList<Step> steps = StepList(f.Require("steps", "the list of steps"));
            return new Scenario(name, description, tags, suites, seed, users, steps)
            {
                Store = store,
                Server = server,
                Disabled = disabled,
                Source = Span(root),
                SourceFile = Span(root).File,
            };
        }

        public ScenarioFormatException Error(string code, YamlNode at, string expected, string found) =>
            new(code, Span(at), expected, found);

        public YamlScalarNode Key(YamlNode key)
        {
            if (key is YamlScalarNode s && !IsNull(s))
            {
                return s;
            }

            throw Error(ScenarioFormatException.BadValueCode, key, "a key (a plain name)", Describe(key));
        }

        private static bool IsNull(YamlScalarNode s) =>
            s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

        private static bool IsQuoted(YamlScalarNode s) => s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;

        public static string Describe(YamlNode node) => node switch
        {
            YamlScalarNode s when IsNull(s) => "nothing",
            YamlScalarNode s => Quote(s.Value ?? string.Empty),
            YamlSequenceNode => "a list",
            YamlMappingNode => "a mapping",
            _ => "an alias",
        };

        private static string Preview(IEnumerable<string> names)
        {
            var list = names.Take(13).ToList();
            if (list.Count == 0)
            {
                return "none so far";
            }

            return list.Count > 12 ? string.Join(", ", list.Take(12)) + ", …" : string.Join(", ", list);
        }

        private SourceSpan Span(YamlNode node) => SpanOf(file, node.Start);

        // ---- scalars -------------------------------------------------------------------------------------------

        private string Text(YamlNode node, string expected, out YamlScalarNode scalar, bool allowEmpty = false)
        {
            if (node is not YamlScalarNode s || IsNull(s) || (!allowEmpty && string.IsNullOrEmpty(s.Value)))
            {
                throw Error(ScenarioFormatException.BadValueCode, node, expected, Describe(node));
            }

            scalar = s;
            return s.Value ?? string.Empty;
        }

        private string Text(YamlNode node, string expected) => Text(node, expected, out _);

        private long Integer(YamlNode node, long min, long max, string expected)
        {
            if (node is not YamlScalarNode s || IsNull(s))
            {
                throw Error(ScenarioFormatException.BadValueCode, node, expected, Describe(node));
            }

            string v = s.Value ?? string.Empty;
            if (IsQuoted(s))
            {
                throw Error(ScenarioFormatException.BadValueCode, node, expected, Invariant($"{Quote(v)} in quotes (a string)"));
            }

            if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
            {
                throw Error(ScenarioFormatException.BadValueCode, node, expected, Quote(v));
            }

            if (n < min || n > max)
            {
                throw Error(ScenarioFormatException.BadValueCode, node, expected, Invariant($"{n}"));
            }

            return n;
        }

        private int Int(YamlNode node, int min, string expected) =>
            checked((int)Integer(node, min, int.MaxValue, Invariant($"{expected} (an integer ≥ {min})")));

        private bool Bool(YamlNode node, string expected)
        {
            if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "True" or "TRUE" })
            {
                return true;
            }

            if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" or "False" or "FALSE" })
            {
                return false;
            }

            throw Error(ScenarioFormatException.BadValueCode, node, Invariant($"{expected} (true or false)"), Describe(node));
        }

        private YamlSequenceNode Sequence(YamlNode node, string expected, bool allowEmpty)
        {
            if (node is not YamlSequenceNode seq || (!allowEmpty && seq.Children.Count == 0))
            {
                throw Error(ScenarioFormatException.BadValueCode, node, expected, node is YamlSequenceNode ? "an empty list" : Describe(node));
            }

            return seq;
        }

        private List<string> TextList(YamlNode node, string expected, string itemExpected, bool allowEmptyList = false) =>
            [.. Sequence(node, expected, allowEmptyList).Children.Select(item => Text(item, itemExpected, out _))];

        // ---- top level -----------------------------------------------------------------------------------------

        private List<string> Suites(YamlNode node)
        {
            if (node is YamlScalarNode { Value: "all" } s && !IsQuoted(s))
            {
                return [];
            }

            if (node is not YamlSequenceNode)
            {
                throw Error(ScenarioFormatException.BadValueCode, node, "all or a list of suite names", Describe(node));
            }

            return TextList(node, "all or a list of suite names", "a suite name");
        }

        private ulong Seed(YamlNode node)
        {
            const string expected = "a seed (an integer from 0 to 18446744073709551615)";
            if (node is not YamlScalarNode s || IsNull(s) || IsQuoted(s)
                || !ulong.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            {
                throw Error(ScenarioFormatException.BadValueCode, node, expected, Describe(node));
            }

            return seed;
        }

        private StoreKind Store(YamlNode node)
        {
            const string expected = "a store: auto, memory or sqlite";
            string v = Text(node, expected);
            return v switch
            {
                "auto" => StoreKind.Auto,
                "memory" => StoreKind.Memory,
                "sqlite" => StoreKind.Sqlite,
                _ => throw Error(ScenarioFormatException.BadValueCode, node, expected, Quote(v)),
            };
        }

        private ServerSettings ServerSettings(YamlNode node)
        {
            var f = new Fields(this, node, "server", ["one_time_pre_key_refill_threshold"]);
            var settings = new ServerSettings();
            if (f.Get("one_time_pre_key_refill_threshold") is { } t)
            {
                settings = settings with { OneTimePreKeyRefillThreshold = Int(t, 0, "a number of one-time pre-keys") };
            }

            return settings;
        }

        private List<UserSpec> Users(YamlNode node)
        {
            const string shape = "a mapping of users to their devices (alice: { devices: 1 } or bob: 2)";
            if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
            {
                throw Error(ScenarioFormatException.BadValueCode, node, shape, node is YamlMappingNode ? "an empty mapping" : Describe(node));
            }

            var users = new List<UserSpec>();
            foreach ((YamlNode k, YamlNode v) in mapping.Children)
            {
                YamlScalarNode key = Key(k);
                string name = key.Value ?? string.Empty;
                if (!UserNameRegex().IsMatch(name))
                {
                    throw Error(ScenarioFormatException.BadValueCode, key, "a user name of lowercase letters, digits, '_' and '-'", Quote(name));
                }

                if (name == "all")
                {
                    throw Error(ScenarioFormatException.BadValueCode, key, "a user name other than 'all' (it means every user)", Quote(name));
                }

                UserSpec user;
                if (v is YamlMappingNode)
                {
                    var f = new Fields(this, v, Invariant($"user {name}"), ["devices", "one_time_pre_keys"]);
                    int devices = f.Get("devices") is { } dn ? Int(dn, 1, "a number of devices") : 1;
                    int? opks = f.Get("one_time_pre_keys") is { } on ? Int(on, 0, "a number of one-time pre-keys") : null;
                    user = new UserSpec(name, devices, opks);
                }
                else
                {
                    user = new UserSpec(name, Int(v, 1, "a number of devices or { devices, one_time_pre_keys }"));
                }

                _users.Add(name, user);
                _userOrder.Add(name);
                users.Add(user);
            }

            return users;
        }

        // ---- steps ---------------------------------------------------------------------------------------------

        private List<Step> StepList(YamlNode node)
        {
            YamlSequenceNode seq = Sequence(node, "a list of steps (- register: …)", allowEmpty: true);
            return [.. seq.Children.Select(ReadStep)];
        }

        private Step ReadStep(YamlNode item)
        {
            if (item is YamlScalarNode s)
            {
                if (!IsNull(s) && s.Value == "run_until_quiet")
                {
                    return new RunUntilQuietStep { At = Span(s) };
                }

                string found = !IsNull(s) && StepsByKeyword.ContainsKey(s.Value ?? string.Empty)
                    ? Invariant($"{Quote(s.Value!)} without a value")
                    : Describe(s);
                throw Error(ScenarioFormatException.BadValueCode, s, StepShape, found);
            }

            if (item is not YamlMappingNode mapping || mapping.Children.Count == 0)
            {
                throw Error(ScenarioFormatException.BadValueCode, item, StepShape, Describe(item));
            }

            bool isRepeat = mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: "repeat" });
            YamlScalarNode? keyword = null;
            YamlNode? value = null;
            foreach ((YamlNode k, YamlNode v) in mapping.Children)
            {
                YamlScalarNode key = Key(k);
                string name = key.Value ?? string.Empty;
                if (isRepeat && name is "steps" or "var")
                {
                    continue;
                }

                if (!StepsByKeyword.ContainsKey(name))
                {
                    string hint = name is "steps" or "var" ? " ('steps' and 'var' belong to a repeat)" : string.Empty;
                    throw Error(
                        ScenarioFormatException.UnknownKeyCode, key, Invariant($"a step keyword ({string.Join(", ", StepKeywords)}){hint}"), Invariant($"key {Quote(name)}"));
                }

                if (keyword is not null)
                {
                    throw Error(
                        ScenarioFormatException.ConflictingKeysCode, key, "one step keyword per list item (start the next step with '- ')", Invariant($"{Quote(name)} after {Quote(keyword.Value!)}"));
                }

                keyword = key;
                value = v;
            }

            Step step = StepsByKeyword[keyword!.Value!](this, mapping, value!);
            return step with { At = Span(mapping) };
        }

        private RegisterStep Register(YamlNode node)
        {
            const string expected = "all, a user or a list of users to register";
            if (node is YamlScalarNode s && !IsNull(s))
            {
                if (s.Value == "all" && !IsQuoted(s))
                {
                    return new RegisterStep([.. _userOrder]);
                }

                return new RegisterStep([User(s, "a user to register")]);
            }

            if (node is not YamlSequenceNode)
            {
                throw Error(ScenarioFormatException.BadValueCode, node, expected, Describe(node));
            }

            return new RegisterStep([.. Sequence(node, expected, allowEmpty: false).Children.Select(n => User(n, "a user to register"))]);
        }

        private AddDeviceStep AddDevice(YamlNode node)
        {
            if (node is YamlScalarNode)
            {
                string added = User(node, "the user that gets a device");
                _usersWithAddedDevices.Add(added);
                return new AddDeviceStep(added, null);
            }

            var f = new Fields(this, node, "add_device", ["user", "as"], "a user or a mapping (user, as) for add_device");
            string user = User(f.Require("user", "the user that gets a device"), "the user that gets a device");
            string? name = null;
            if (f.Get("as") is { } asNode)
            {
                name = Text(asNode, "a device name", out YamlScalarNode scalar);
                string id = name.StartsWith(user + "/", StringComparison.Ordinal) ? name[(user.Length + 1)..] : name;
                if (!NameRegex().IsMatch(id))
                {
                    throw Error(
                        ScenarioFormatException.BadValueCode, scalar, Invariant($"a device name: {user}/ID or ID (letters, digits, '.', '_', '-')"), Quote(name));
                }
            }

            _usersWithAddedDevices.Add(user);
            return new AddDeviceStep(user, name);
        }

        private AdvanceClockStep AdvanceClock(YamlNode node)
        {
            const string expected = "a duration like 8d, 36h, 90m, 30s, 500ms or 1d12h";
            string text = Text(node, expected);
            if (!TryParseDuration(text, out TimeSpan by) || by <= TimeSpan.Zero)
            {
                throw Error(ScenarioFormatException.BadValueCode, node, expected, Quote(text));
            }

            return new AdvanceClockStep(by);
        }

        private CompromiseStep Compromise(YamlNode node)
        {
            var f = new Fields(this, node, "compromise", ["device", "as"]);
            string device = Party(f.Require("device", "the device whose state the adversary copies"), "the device whose state the adversary copies");
            string name = Define(_adversaries, f.Require("as", "a name for the adversary's copy"));
            return new CompromiseStep(device, name);
        }

        private SendStep Send(YamlNode node)
        {
            var f = new Fields(this, node, "send", ["from", "to", "text", "size", "as"]);
            string from = Party(f.Require("from", "the sending device"), "the sending device");
            string to = SendTarget(f.Require("to", "a user or group:NAME"));
            f.ExactlyOne("text", "size", "the message content");
            string? text = f.Get("text") is { } t ? Text(t, "the message text", out _, allowEmpty: true) : null;
            int? size = f.Get("size") is { } s ? Int(s, 0, "a size in bytes") : null;
            string name = Define(_messages, f.Require("as", "a name for the message, used by later steps"));
            return new SendStep(from, to, text, size, name);
        }

        private string SendTarget(YamlNode node)
        {
            string expected = Invariant($"a user ({Preview(_userOrder)}) or group:NAME");
            string to = Text(node, expected, out YamlScalarNode scalar);
            if (to.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal))
            {
                RequireDefined(_groups, scalar, to[SendStep.GroupPrefix.Length..]);
                return to;
            }

            if (!IsTemplate(to) && !_users.ContainsKey(to))
            {
                throw Error(ScenarioFormatException.UnknownNameCode, scalar, expected, Quote(to));
            }

            return to;
        }

        private CreateGroupStep CreateGroup(YamlNode node)
        {
            var f = new Fields(this, node, "create_group", ["by", "name", "members"]);
            string by = Party(f.Require("by", "the creating device"), "the creating device");
            string name = Define(_groups, f.Require("name", "the group's name"));
            YamlNode membersNode = f.Require("members", "the member users");
            if (membersNode is YamlScalarNode { Value: "all" } all && !IsQuoted(all))
            {
                // Every declared user (the runner expands "all"; the creator's own user is among them).
                return new CreateGroupStep(by, name, ["all"]);
            }

            YamlSequenceNode members = Sequence(membersNode, "all or a list of member users", allowEmpty: true);
            return new CreateGroupStep(by, name, [.. members.Children.Select(m => User(m, "a member user"))]);
        }

        private T Members<T>(YamlNode node, string keyword, Func<string, string, IReadOnlyList<string>, T> create)
            where T : Step
        {
            var f = new Fields(this, node, keyword, ["by", "group", "users"]);
            string by = Party(f.Require("by", "the member device that makes the change"), "the member device that makes the change");
            string group = Group(f.Require("group", "the group"));
            YamlSequenceNode users = Sequence(f.Require("users", "the users"), "a list of users", allowEmpty: false);
            return create(by, group, [.. users.Children.Select(u => User(u, "a user"))]);
        }

        private LeaveStep Leave(YamlNode node)
        {
            var f = new Fields(this, node, "leave", ["who", "group"]);
            string who = Party(f.Require("who", "the leaving device"), "the leaving device");
            return new LeaveStep(who, Group(f.Require("group", "the group")));
        }

        private AddGroupDeviceStep AddGroupDevice(YamlNode node)
        {
            var f = new Fields(this, node, "add_group_device", ["by", "group", "device"]);
            string by = Party(f.Require("by", "the member device that adds it"), "the member device that adds it");
            string group = Group(f.Require("group", "the group"));
            string device = Party(f.Require("device", "the new device"), "the new device");
            return new AddGroupDeviceStep(by, group, device);
        }

        private DeliverStep Deliver(YamlNode node)
        {
            string[] keys = ["to", "from", "message", "messages", "kind", "order", "shuffle"];
            if (node is YamlScalarNode s && !IsQuoted(s) && s.Value == "all")
            {
                return new DeliverStep(MessageSelector.All, UntilQuiet: true, [], Shuffle: false);
            }

            var f = new Fields(this, node, "deliver", keys, Invariant($"all or a mapping ({string.Join(", ", keys)}) for deliver"));
            f.Exclusive("message", "messages");
            f.Exclusive("message", "order");
            f.Exclusive("messages", "order");
            bool shuffle = f.Get("shuffle") is { } sh && Bool(sh, "whether to shuffle the deliveries");
            if (shuffle)
            {
                f.Exclusive("order", "shuffle");
            }

            (IReadOnlyList<string> messages, string? to, string? kind) = SelectorFields(f, out string? from);
            IReadOnlyList<string> order = [];
            if (f.Get("order") is { } o)
            {
                order = [.. Sequence(o, "a list of message names", allowEmpty: false).Children.Select(Message)];
                messages = order;
            }

            return new DeliverStep(new MessageSelector(messages, to, kind, from), UntilQuiet: false, order, shuffle);
        }

        private MessageSelector Selector(YamlNode node, string keyword)
        {
            if (node is YamlScalarNode s && !IsNull(s))
            {
                return s.Value == "all" && !IsQuoted(s) ? MessageSelector.All : new MessageSelector([Message(s)]);
            }

            var f = new Fields(this, node, keyword, SelectorKeys, Invariant($"all, a message name or a mapping ({string.Join(", ", SelectorKeys)}) for {keyword}"));
            f.Exclusive("message", "messages");
            f.AtLeastOne(SelectorKeys, Invariant($" (or write {keyword}: all)"));
            (IReadOnlyList<string> messages, string? to, string? kind) = SelectorFields(f, out string? from);
            return new MessageSelector(messages, to, kind, from);
        }

        private (IReadOnlyList<string> Messages, string? To, string? Kind) SelectorFields(Fields f, out string? from)
        {
            IReadOnlyList<string> messages = MessagesOf(f) ?? [];
            string? to = f.Get("to") is { } t ? Party(t, "the receiving user or device") : null;
            from = f.Get("from") switch
            {
                null => null,
                YamlScalarNode { Value: "server" } server when !IsQuoted(server) => "server",
                { } fr => Party(fr, "the sending user or device (or server)"),
            };
            string? kind = null;
            if (f.Get("kind") is { } k)
            {
                string expected = Invariant($"a message kind ({string.Join(", ", MessageKinds)})");
                kind = Text(k, expected);
                if (!MessageKinds.Contains(kind, StringComparer.Ordinal))
                {
                    throw Error(ScenarioFormatException.BadValueCode, k, expected, Quote(kind));
                }
            }

            return (messages, to, kind);
        }

        /// <summary><c>message: m1</c> or <c>messages: [m1, m2]</c> (the caller checks they exclude each other); null when neither.</summary>
        private List<string>? MessagesOf(Fields f)
        {
            if (f.Get("message") is { } one)
            {
                return [Message(one)];
            }

            if (f.Get("messages") is { } many)
            {
                return [.. Sequence(many, "a list of message names (messages: [m1, m2], or message: m1 for one)", allowEmpty: false).Children.Select(Message)];
            }

            return null;
        }

        private DelayStep Delay(YamlNode node)
        {
            string[] keys = ["message", "messages", "to", "from", "kind", "steps"];
            var f = new Fields(this, node, "delay", keys);
            f.ExactlyOne("message", "messages", "the messages to delay");
            (IReadOnlyList<string> messages, string? to, string? kind) = SelectorFields(f, out string? from);
            int steps = Int(f.Require("steps", "how many steps to wait"), 1, "a number of steps");
            return new DelayStep(new MessageSelector(messages, to, kind, from), steps);
        }

        private ChaosStep Chaos(YamlNode node)
        {
            string[] keys = ["deliveries", "drop", "duplicate", "reorder"];
            if (node is YamlScalarNode s && IsNull(s))
            {
                return new ChaosStep(ChaosStep.DefaultDeliveries, 0, 0, false);
            }

            var f = new Fields(this, node, "chaos", keys);
            int deliveries = f.Get("deliveries") is { } d ? Int(d, 1, "how many deliveries to draw at most") : ChaosStep.DefaultDeliveries;
            double drop = f.Get("drop") is { } p ? Probability(p, "the probability of dropping a delivery") : 0;
            double duplicate = f.Get("duplicate") is { } q ? Probability(q, "the probability of duplicating a delivery") : 0;
            bool reorder = f.Get("reorder") is { } r && Bool(r, "whether deliveries may come in any order (not only in order per device)");
            return new ChaosStep(deliveries, drop, duplicate, reorder);
        }

        private double Probability(YamlNode node, string expected)
        {
            string what = Invariant($"{expected} (a number from 0 to 1, e.g. 0.1)");
            if (node is not YamlScalarNode s || IsNull(s) || IsQuoted(s))
            {
                throw Error(ScenarioFormatException.BadValueCode, node, what, Describe(node));
            }

            string v = s.Value ?? string.Empty;
            if (!double.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double p) || p is < 0 or > 1)
            {
                throw Error(ScenarioFormatException.BadValueCode, node, what, Quote(v));
            }

            return p;
        }

        private ReplayStep Replay(YamlNode node)
        {
            var f = new Fields(this, node, "replay", ["message", "to"]);
            string message = Message(f.Require("message", "the message to replay"));
            string to = Party(f.Require("to", "the device to replay it to"), "the device to replay it to");
            return new ReplayStep(message, to);
        }

        private TamperStep Tamper(YamlNode node)
        {
            var f = new Fields(this, node, "tamper", ["message", "to", "field", "byte"]);
            string message = Message(f.Require("message", "the message to tamper with"));
            string to = Party(f.Require("to", "the device to deliver the copy to"), "the device to deliver the copy to");
            string expected = Invariant($"a field ({string.Join(", ", TamperFields)})");
            YamlNode fieldNode = f.Require("field", "the field to flip a bit in");
            string field = Text(fieldNode, expected);
            if (!TamperFields.Contains(field, StringComparer.Ordinal))
            {
                throw Error(ScenarioFormatException.BadValueCode, fieldNode, expected, Quote(field));
            }

            int? index = f.Get("byte") is { } b ? Int(b, 0, "a byte index") : null;
            return new TamperStep(message, to, field, index);
        }

        private RepeatStep Repeat(YamlMappingNode item)
        {
            var f = new Fields(this, item, "repeat", ["repeat", "steps", "var"]);
            int times = Int(f.Require("repeat", "how many times"), 1, "a number of repetitions");
            string variable = "i";
            if (f.Get("var") is { } v)
            {
                variable = Text(v, "a variable name (letters, digits, '_')", out YamlScalarNode scalar);
                if (!VariableNameRegex().IsMatch(variable))
                {
                    throw Error(ScenarioFormatException.BadValueCode, scalar, "a variable name (letters, digits, '_')", Quote(variable));
                }
            }

            if (_repeats.Exists(r => r.Variable == variable))
            {
                YamlNode at = f.Get("var") ?? f.KeyNode("repeat");
                throw Error(
                    ScenarioFormatException.DuplicateNameCode, at, "a variable not used by an enclosing repeat (write var: j)", Invariant($"{{{variable}}} again"));
            }

            YamlNode body = f.Require("steps", "the steps to repeat");
            _repeats.Add((variable, times, Span(item)));
            try
            {
                YamlSequenceNode seq = Sequence(body, "a list of steps to repeat", allowEmpty: false);
                return new RepeatStep(times, variable, [.. seq.Children.Select(ReadStep)]);
            }
            finally
            {
                _repeats.RemoveAt(_repeats.Count - 1);
            }
        }

        private RunUntilQuietStep RunUntilQuiet(YamlNode node)
        {
            bool ok = node switch
            {
                YamlScalarNode s when IsNull(s) => true,
                YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "True" or "TRUE" } => true,
                YamlMappingNode { Children.Count: 0 } => true,
                _ => false,
            };
            return ok ? new RunUntilQuietStep() : throw Error(ScenarioFormatException.BadValueCode, node, "nothing, true or {} for run_until_quiet", Describe(node));
        }

        // ---- expectations ----------------------------------------------------------------------------------------

        private ExpectStep Expect(YamlNode node)
        {
            var expectations = new List<Expectation>();
            if (node is YamlSequenceNode seq && seq.Children.Count > 0)
            {
                foreach (YamlNode item in seq.Children)
                {
                    ReadExpectations(item, expectations);
                }
            }
            else
            {
                ReadExpectations(node, expectations);
            }

            return new ExpectStep(expectations);
        }

        private void ReadExpectations(YamlNode node, List<Expectation> into)
        {
            if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
            {
                throw Error(ScenarioFormatException.BadValueCode, node, ExpectShape, Describe(node));
            }

            foreach ((YamlNode k, YamlNode v) in mapping.Children)
            {
                YamlScalarNode key = Key(k);
                string name = key.Value ?? string.Empty;
                if (!ExpectationsByKeyword.TryGetValue(name, out var read))
                {
                    throw Error(
                        ScenarioFormatException.UnknownKeyCode, key, Invariant($"an expectation keyword ({string.Join(", ", ExpectationKeywords)})"), Invariant($"key {Quote(name)}"));
                }

                into.Add(read(this, v));
            }
        }

        private ReceivedExpectation Received(YamlNode node)
        {
            var f = new Fields(this, node, "received", ["by", "message", "messages", "text"]);
            string by = Party(f.Require("by", "the receiving user or device"), "the receiving user or device", allowAll: true);
            f.ExactlyOne("message", "messages", "the messages expected");
            List<string> messages = MessagesOf(f)!;
            string? text = f.Get("text") is { } t ? Text(t, "the expected text", out _, allowEmpty: true) : null;
            return new ReceivedExpectation(by, messages, text);
        }

        private NotReceivedExpectation NotReceived(YamlNode node)
        {
            var f = new Fields(this, node, "not_received", ["by", "message", "messages"]);
            string by = Party(f.Require("by", "the user or device"), "the user or device", allowAll: true);
            f.ExactlyOne("message", "messages", "the messages not expected");
            return new NotReceivedExpectation(by, MessagesOf(f)!);
        }

        private ErrorExpectation ErrorExpectationOf(YamlNode node)
        {
            var f = new Fields(this, node, "error", ["at", "code", "message", "count"]);
            string at = Party(f.Require("at", "the device that reports the error"), "the device that reports the error", allowAll: true);
            string code = ErrorCode(f);

            string? message = f.Get("message") is { } m ? Message(m) : null;
            int count = f.Get("count") is { } c ? Int(c, 1, "how many such errors") : 1;
            return new ErrorExpectation(at, code, message, count);
        }

        /// <summary>The required <c>code:</c> of an error or tolerate expectation: one of the engine's stable error codes.</summary>
        private string ErrorCode(Fields f)
        {
            YamlNode codeNode = f.Require("code", "the protocol error code, e.g. bad_tag");
            string expected = Invariant($"a protocol error code ({string.Join(", ", ErrorCodes)})");
            string code = Text(codeNode, expected);
            return ProtocolErrorCodes.TryParse(code, out _) ? code : throw Error(ScenarioFormatException.UnknownNameCode, codeNode, expected, Quote(code));
        }

        private TolerateExpectation Tolerate(YamlNode node)
        {
            var f = new Fields(this, node, "tolerate", ["at", "code", "reason"]);
            string at = Party(f.Require("at", "the devices whose errors are tolerated"), "the devices whose errors are tolerated", allowAll: true);
            string code = ErrorCode(f);

            string reason = Text(f.Require("reason", "why these errors are expected"), "a reason (text)");
            return new TolerateExpectation(at, code, reason);
        }

        private AdversaryExpectation Adversary(YamlNode node, bool canDecrypt)
        {
            var f = new Fields(this, node, canDecrypt ? "adversary_decrypts" : "adversary_cannot_decrypt", ["state", "message"]);
            YamlNode stateNode = f.Require("state", "the adversary's state copy (the 'as' of a compromise)");
            string state = Text(stateNode, "the name of an adversary's state copy", out YamlScalarNode scalar);
            RequireDefined(_adversaries, scalar, state);
            string message = Message(f.Require("message", "the message the adversary tries to decrypt"));
            return new AdversaryExpectation(state, message, canDecrypt);
        }

        private StateExpectation State(YamlNode node)
        {
            string[] counters = ["sessions", "skipped_keys", "one_time_pre_keys", "signed_pre_key_id", "groups", "group_members"];
            var f = new Fields(this, node, "state", ["device", "sessions", "skipped_keys", "one_time_pre_keys", "signed_pre_key_id", "groups", "group", "group_members"]);
            string device = Party(f.Require("device", "the device to inspect"), "the device to inspect");
            f.AtLeastOne(counters);
            f.Together("group", "group_members", "the group whose member devices are counted");
            int? Counter(string key) => f.Get(key) is { } n ? Int(n, 0, Invariant($"{key}: a count")) : null;
            long? spk = f.Get("signed_pre_key_id") is { } s ? Integer(s, 0, uint.MaxValue, "a signed pre-key id (an integer ≥ 0)") : null;
            string? group = f.Get("group") is { } g ? Group(g) : null;
            return new StateExpectation(
                device,
                Sessions: Counter("sessions"),
                SkippedKeys: Counter("skipped_keys"),
                OneTimePreKeys: Counter("one_time_pre_keys"),
                SignedPreKeyId: spk,
                Groups: Counter("groups"),
                Group: group,
                GroupMembers: Counter("group_members"));
        }

        private ServerExpectation Server(YamlNode node)
        {
            var f = new Fields(this, node, "server", ["pending_for", "count", "one_time_pre_keys_of", "stock"]);
            f.AtLeastOne(["count", "stock"]);
            if (f.Has("pending_for"))
            {
                f.Together("pending_for", "count", "how many messages the server holds for it");
            }

            f.Together("one_time_pre_keys_of", "stock", "how many one-time pre-keys the server holds for the device");
            string? pendingFor = f.Get("pending_for") is { } p ? Party(p, "the user or device messages are pending for") : null;
            int? count = f.Get("count") is { } c ? Int(c, 0, "a number of pending messages") : null;
            string? opksOf = f.Get("one_time_pre_keys_of") is { } o ? Party(o, "the device whose one-time pre-keys are counted") : null;
            int? stock = f.Get("stock") is { } s ? Int(s, 0, "a number of one-time pre-keys") : null;
            return new ServerExpectation(pendingFor, count, opksOf, stock);
        }

        // ---- names -----------------------------------------------------------------------------------------------

        private static bool IsTemplate(string name) => name.Contains('{', StringComparison.Ordinal);

        /// <summary>A declared user.</summary>
        private string User(YamlNode node, string what)
        {
            string expected = Invariant($"{what}: a user declared under users ({Preview(_userOrder)})");
            string name = Text(node, expected, out YamlScalarNode scalar);
            if (!IsTemplate(name) && !_users.ContainsKey(name))
            {
                throw Error(ScenarioFormatException.UnknownNameCode, scalar, expected, Quote(name));
            }

            return name;
        }

        /// <summary>A user (all of its devices) or a device <c>user/N</c>; "all" where allowed.</summary>
        private string Party(YamlNode node, string what, bool allowAll = false)
        {
            string expected = Invariant($"{what}: {(allowAll ? "all, " : string.Empty)}a user or device ({Preview(KnownParties())})");
            string name = Text(node, expected, out YamlScalarNode scalar);
            if ((allowAll && name == "all") || IsTemplate(name) || _users.ContainsKey(name))
            {
                return name;
            }

            int slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && _users.TryGetValue(name[..slash], out UserSpec? user))
            {
                string id = name[(slash + 1)..];
                bool numbered = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= user.Devices;
                if (numbered || (id.Length > 0 && _usersWithAddedDevices.Contains(user.Name)))
                {
                    return name;
                }
            }

            throw Error(ScenarioFormatException.UnknownNameCode, scalar, expected, Quote(name));
        }

        private IEnumerable<string> KnownParties()
        {
            foreach (string user in _userOrder)
            {
                yield return user;
                for (int i = 1; i <= _users[user].Devices; i++)
                {
                    yield return Invariant($"{user}/{i}");
                }
            }
        }

        private string Message(YamlNode node)
        {
            string name = Text(node, "a message name (the 'as' of an earlier send)", out YamlScalarNode scalar);
            RequireDefined(_messages, scalar, name);
            return name;
        }

        private string Group(YamlNode node)
        {
            string name = Text(node, "a group name (the 'name' of an earlier create_group)", out YamlScalarNode scalar);
            RequireDefined(_groups, scalar, name);
            return name;
        }

        private void RequireDefined(NameTable table, YamlScalarNode node, string name)
        {
            if (!IsTemplate(name) && !table.Contains(name))
            {
                throw Error(
                    ScenarioFormatException.UnknownNameCode, node, Invariant($"a {table.What} defined by {table.DefinedBy} ({Preview(table.Names)})"), Quote(name));
            }
        }

        /// <summary>
        /// Defines a name (message, group, adversary state). Inside a repeat that runs more than once the name must
        /// contain the repeat's variable; a templated name is expanded over the repeat's range so that later
        /// references (<c>b3</c>) resolve.
        /// </summary>
        private string Define(NameTable table, YamlNode node)
        {
            string what = table.What;
            string expected = Invariant($"a {what} name (letters, digits, '.', '_', '-'; {{i}} inside a repeat)");
            string name = Text(node, expected, out YamlScalarNode scalar);
            if (!NameRegex().IsMatch(name) || name == "all")
            {
                throw Error(ScenarioFormatException.BadValueCode, scalar, expected, Quote(name));
            }

            var used = VariableRegex().Matches(name).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
            foreach (string variable in used)
            {
                if (!_repeats.Exists(r => r.Variable == variable))
                {
                    string vars = _repeats.Count == 0 ? "none outside a repeat" : string.Join(", ", _repeats.Select(r => "{" + r.Variable + "}"));
                    throw Error(
                        ScenarioFormatException.UnknownNameCode, scalar, Invariant($"a variable of an enclosing repeat ({vars})"), Invariant($"{{{variable}}} in {Quote(name)}"));
                }
            }

            foreach ((string variable, int times, SourceSpan at) in _repeats)
            {
                if (times > 1 && !used.Contains(variable, StringComparer.Ordinal))
                {
                    throw Error(
                        ScenarioFormatException.DuplicateNameCode,
                        scalar,
                        Invariant($"a {what} name containing {{{variable}}} (the repeat at line {at.Line} runs {times} times)"),
                        Quote(name));
                }
            }

            var ranges = used.Select(v => (Variable: v, Times: _repeats.Last(r => r.Variable == v).Times)).ToList();
            long combinations = 1;
            foreach ((_, int times) in ranges)
            {
                combinations = Math.Min(combinations * times, MaxExpandedNames + 1L);
            }

            if (combinations > MaxExpandedNames)
            {
                table.AddPattern(PatternOf(name));
                return name;
            }

            SourceSpan span = Span(scalar);
            foreach (string expanded in Expand(name, ranges, 0))
            {
                if (table.TryGet(expanded, out SourceSpan? previous))
                {
                    string again = expanded == name ? Quote(name) : Invariant($"{Quote(name)} ({expanded})");
                    throw Error(
                        ScenarioFormatException.DuplicateNameCode,
                        scalar,
                        Invariant($"a {what} name not used before"),
                        Invariant($"{again}, already named at line {previous!.Line}, column {previous.Column}"));
                }

                table.Add(expanded, span);
            }

            return name;
        }

        private static IEnumerable<string> Expand(string name, List<(string Variable, int Times)> ranges, int index)
        {
            if (index == ranges.Count)
            {
                yield return name;
                yield break;
            }

            (string variable, int times) = ranges[index];
            for (int i = 1; i <= times; i++)
            {
                string substituted = name.Replace("{" + variable + "}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                foreach (string expanded in Expand(substituted, ranges, index + 1))
                {
                    yield return expanded;
                }
            }
        }

        private static Regex PatternOf(string name)
        {
            var pattern = new StringBuilder("^");
            int last = 0;
            foreach (Match m in VariableRegex().Matches(name))
            {
                pattern.Append(Regex.Escape(name[last..m.Index])).Append("[0-9]+");
                last = m.Index + m.Length;
            }

            pattern.Append(Regex.Escape(name[last..])).Append('$');
            return new Regex(pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }
}

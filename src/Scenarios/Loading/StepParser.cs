using E2eeConformance.Scenarios.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>Reads the list of steps: each item one step keyword (the <c>expect</c> step's expectations and the network selectors are read by their own parsers).</summary>
internal sealed class StepParser
{
    private static readonly (string Keyword, Func<StepParser, YamlMappingNode, YamlNode, Step> Read)[] StepTable =
    [
        ("register", (r, _, v) => r.Register(v)),
        ("add_device", (r, _, v) => r.AddDevice(v)),
        ("restart", (r, _, v) => new RestartStep(r._names.Party(v, "the device to restart"))),
        ("add_user", (r, _, v) => r._lifecycle.AddUser(v)),
        ("offline", (r, _, v) => new OfflineStep(r._names.Party(v, "the device (or user) that goes offline"))),
        ("online", (r, _, v) => new OnlineStep(r._names.Party(v, "the device (or user) that comes back online"))),
        ("advance_clock", (r, _, v) => r.AdvanceClock(v)),
        ("compromise", (r, _, v) => r.Compromise(v)),
        ("send", (r, _, v) => r.Send(v)),
        ("create_group", (r, _, v) => r.CreateGroup(v)),
        ("add_members", (r, _, v) => r.Members(v, "add_members", (by, g, u) => new AddMembersStep(by, g, u))),
        ("remove_members", (r, _, v) => r.Members(v, "remove_members", (by, g, u) => new RemoveMembersStep(by, g, u))),
        ("leave", (r, _, v) => r.Leave(v)),
        ("add_group_device", (r, _, v) => r.AddGroupDevice(v)),
        ("request_join", (r, _, v) => r._roomKeys.RequestJoin(v)),
        ("approve_join", (r, _, v) => r._roomKeys.ApproveJoin(v)),
        ("set_e2ee", (r, _, v) => r._roomKeys.SetE2ee(v)),
        ("refresh_key", (r, _, v) => r.RefreshKey(v)),
        ("deliver", (r, _, v) => r._selectors.Deliver(v)),
        ("hold", (r, _, v) => new HoldStep(r._selectors.Selector(v, "hold"))),
        ("release", (r, _, v) => new ReleaseStep(r._selectors.Selector(v, "release"))),
        ("drop", (r, _, v) => new DropStep(r._selectors.Selector(v, "drop"))),
        ("duplicate", (r, _, v) => new DuplicateStep(r._selectors.Selector(v, "duplicate"))),
        ("delay", (r, _, v) => r.Delay(v)),
        ("replay", (r, _, v) => r.Replay(v)),
        ("tamper", (r, _, v) => r.Tamper(v)),
        ("rewrite", (r, _, v) => r._rewrites.Rewrite(v)),
        ("repeat", (r, item, _) => r.Repeat(item)),
        ("run_until_quiet", (r, _, v) => r.RunUntilQuiet(v)),
        ("chaos", (r, _, v) => r.Chaos(v)),
        ("server", (r, _, v) => r._server.Read(v)),
        ("expect", (r, _, v) => r._expectations.Expect(v)),
    ];

    private static readonly Dictionary<string, Func<StepParser, YamlMappingNode, YamlNode, Step>> StepsByKeyword =
        StepTable.ToDictionary(s => s.Keyword, s => s.Read, StringComparer.Ordinal);

    private readonly NodeReader _nodes;
    private readonly NameScope _names;
    private readonly SelectorParser _selectors;
    private readonly ExpectationParser _expectations;
    private readonly ServerStepParser _server;
    private readonly RewriteParser _rewrites;
    private readonly LifecycleParser _lifecycle;
    private readonly RoomKeyStepParser _roomKeys;

    /// <summary>The steps read so far, each counted as often as its enclosing repeats run it (<see cref="ScenarioLoader.MaxStepRuns"/>).</summary>
    private long _stepRuns;

    /// <summary>How far the steps read so far move the clock in all, each counted as often as its repeats run it (<see cref="ScenarioLoader.MaxClockAdvance"/>).</summary>
    private decimal _clockTicks;

    public StepParser(NodeReader nodes, NameScope names)
    {
        _nodes = nodes;
        _names = names;
        _selectors = new SelectorParser(nodes, names);
        _expectations = new ExpectationParser(nodes, names, _selectors);
        _server = new ServerStepParser(nodes, names, _selectors);
        _rewrites = new RewriteParser(nodes, names, _selectors);
        _lifecycle = new LifecycleParser(nodes, names);
        _roomKeys = new RoomKeyStepParser(nodes, names);
    }

    /// <summary>Every step keyword, in the order the format documents them.</summary>
    public static IReadOnlyList<string> StepKeywords { get; } = [.. StepTable.Select(s => s.Keyword)];

    private static string StepShape => Invariant($"a mapping with one step keyword ({string.Join(", ", StepKeywords)})");

    /// <summary>Reads a list of steps; a repeat reads its body through the same parser.</summary>
    public List<Step> StepList(YamlNode node)
    {
        YamlSequenceNode seq = _nodes.Sequence(node, "a list of steps (- register: …)", allowEmpty: true);
        return [.. seq.Children.Select(ReadStep)];
    }

    private Step ReadStep(YamlNode item)
    {
        _stepRuns += _names.Repeats.Aggregate(1L, (product, r) => product * r.Times);
        if (_stepRuns > ScenarioLoader.MaxStepRuns)
        {
            throw _nodes.Error(
                ScenarioFormatException.BadValueCode,
                item,
                Invariant($"at most {ScenarioLoader.MaxStepRuns} steps run in all (a step inside repeats counts once per run)"),
                "more (aliases or repeats of long step lists)");
        }

        if (item is YamlScalarNode s)
        {
            if (!IsNull(s) && s.Value == "run_until_quiet")
            {
                return new RunUntilQuietStep { At = _nodes.Span(s) };
            }

            string found = !IsNull(s) && StepsByKeyword.ContainsKey(s.Value ?? string.Empty)
                ? Invariant($"{Quote(s.Value!)} without a value")
                : Describe(s);
            throw _nodes.Error(ScenarioFormatException.BadValueCode, s, StepShape, found);
        }

        if (item is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, item, StepShape, Describe(item));
        }

        bool isRepeat = mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: "repeat" });
        YamlScalarNode? keyword = null;
        YamlNode? value = null;
        YamlNode? cost = null;
        foreach ((YamlNode k, YamlNode v) in mapping.Children)
        {
            YamlScalarNode key = _nodes.Key(k);
            string name = key.Value ?? string.Empty;
            if (isRepeat && name is "steps" or "var")
            {
                continue;
            }

            if (name == "cost")
            {
                cost = v;
                continue;
            }

            if (!StepsByKeyword.ContainsKey(name))
            {
                string hint = name is "steps" or "var" ? " ('steps' and 'var' belong to a repeat)" : string.Empty;
                throw _nodes.Error(
                    ScenarioFormatException.UnknownKeyCode, key, Invariant($"a step keyword ({string.Join(", ", StepKeywords)}){hint}"), Invariant($"key {Quote(name)}"));
            }

            if (keyword is not null)
            {
                throw _nodes.Error(
                    ScenarioFormatException.ConflictingKeysCode, key, "one step keyword per list item (start the next step with '- ')", Invariant($"{Quote(name)} after {Quote(keyword.Value!)}"));
            }

            keyword = key;
            value = v;
        }

        if (keyword is null)
        {
            throw _nodes.Error(ScenarioFormatException.MissingKeyCode, mapping, StepShape, "only 'cost' (it goes next to a step keyword)");
        }

        if (cost is not null && keyword.Value == "expect")
        {
            throw _nodes.Error(ScenarioFormatException.ConflictingKeysCode, cost, "cost on a step that acts (an expect step only checks)", "cost on expect");
        }

        Step step = StepsByKeyword[keyword.Value!](this, mapping, value!);
        return step with { At = _nodes.Span(mapping), Cost = cost is null ? null : _lifecycle.Cost(cost) };
    }

    private RegisterStep Register(YamlNode node)
    {
        const string expected = "all, a user or a list of users to register";
        if (node is YamlScalarNode s && !IsNull(s))
        {
            if (s.Value == "all" && !IsQuoted(s))
            {
                return new RegisterStep([.. _names.UserOrder]);
            }

            return new RegisterStep([_names.User(s, "a user to register")]);
        }

        if (node is not YamlSequenceNode)
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, node, expected, Describe(node));
        }

        return new RegisterStep([.. _nodes.Sequence(node, expected, allowEmpty: false).Children.Select(n => _names.User(n, "a user to register"))]);
    }

    private AddDeviceStep AddDevice(YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            string added = _names.User(node, "the user that gets a device");
            _names.UsersWithAddedDevices.Add(added);
            return new AddDeviceStep(added, null);
        }

        var f = new Fields(_nodes, node, "add_device", ["user", "as"], "a user or a mapping (user, as) for add_device");
        string user = _names.User(f.Require("user", "the user that gets a device"), "the user that gets a device");
        string? name = null;
        if (f.Get("as") is { } asNode)
        {
            name = _nodes.Text(asNode, "a device name", out YamlScalarNode scalar);
            string id = name.StartsWith(user + "/", StringComparison.Ordinal) ? name[(user.Length + 1)..] : name;
            if (!ScenarioNamePatterns.NameRegex().IsMatch(id))
            {
                throw _nodes.Error(
                    ScenarioFormatException.BadValueCode, scalar, Invariant($"a device name: {user}/ID or ID (letters, digits, '.', '_', '-')"), Quote(name));
            }
        }

        _names.UsersWithAddedDevices.Add(user);
        return new AddDeviceStep(user, name);
    }

    private AdvanceClockStep AdvanceClock(YamlNode node)
    {
        const string expected = "a duration like 8d, 36h, 90m, 30s, 500ms or 1d12h";
        string text = _nodes.Text(node, expected);
        if (!ScenarioLoader.TryParseDuration(text, out TimeSpan by) || by <= TimeSpan.Zero)
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, node, expected, Quote(text));
        }

        _clockTicks += by.Ticks * _names.Repeats.Aggregate(1m, (product, r) => product * r.Times);
        if (_clockTicks > ScenarioLoader.MaxClockAdvance.Ticks)
        {
            throw _nodes.Error(
                ScenarioFormatException.BadValueCode,
                node,
                Invariant($"a clock moved at most {ScenarioLoader.MaxClockAdvance.TotalDays:0} days in all (a step inside repeats counts once per run)"),
                Quote(text) + " past that");
        }

        return new AdvanceClockStep(by);
    }

    private CompromiseStep Compromise(YamlNode node)
    {
        var f = new Fields(_nodes, node, "compromise", ["device", "as", "observes"]);
        string device = _names.Party(f.Require("device", "the device whose state the adversary copies"), "the device whose state the adversary copies");
        string name = _names.Define(_names.Adversaries, f.Require("as", "a name for the adversary's copy"));
        bool observes = f.Get("observes") is { } o && _nodes.Bool(o, "whether the adversary also observes the device's later traffic (true or false)");
        return new CompromiseStep(device, name) { Observes = observes };
    }

    private RefreshKeyStep RefreshKey(YamlNode node)
    {
        var f = new Fields(_nodes, node, "refresh_key", ["by", "group"]);
        string by = _names.Party(f.Require("by", "the member device that proposes the refresh"), "the member device that proposes the refresh");
        return new RefreshKeyStep(by, _names.Group(f.Require("group", "the group")));
    }

    private SendStep Send(YamlNode node)
    {
        var f = new Fields(_nodes, node, "send", ["from", "to", "text", "size", "as", "encrypt", "parents"]);
        YamlNode fromNode = f.Require("from", "the sending device (or an adversary that acts as the device it compromised)");
        string from = fromNode is YamlScalarNode { Value: { } adversary } && !_names.Users.ContainsKey(adversary) && !adversary.Contains('/', StringComparison.Ordinal) && _names.Adversaries.Contains(adversary)
            ? adversary
            : _names.Party(fromNode, _names.Adversaries.Names.Count == 0 ? "the sending device" : Invariant($"the sending device or an adversary ({string.Join(", ", _names.Adversaries.Names)})"));
        string to = SendTarget(f.Require("to", "a user or group:NAME"));
        f.ExactlyOne("text", "size", "the message content");
        string? text = f.Get("text") is { } t ? _nodes.Text(t, "the message text", out _, allowEmpty: true) : null;
        int? size = f.Get("size") is { } s ? (int)_nodes.Integer(s, 0, ScenarioLoader.MaxSendSize, Invariant($"a size in bytes (0 to {ScenarioLoader.MaxSendSize})")) : null;
        string name = _names.Define(_names.Messages, f.Require("as", "a name for the message, used by later steps"));
        bool? encrypt = f.Get("encrypt") is { } e ? _nodes.Bool(e, "whether the sender encrypts this message (true or false; room-keys)") : null;
        IReadOnlyList<string>? parents = f.Get("parents") is { } pn
            ? [.. _nodes.Sequence(pn, "the parents the author claims (mpenc): names of texts sent earlier, or invented", allowEmpty: true).Children
                .Select(item => item is YamlScalarNode { Value: "invented" } ? "invented" : _names.Message(item))]
            : null;
        return new SendStep(from, to, text, size, name) { Encrypt = encrypt, Parents = parents };
    }

    private string SendTarget(YamlNode node)
    {
        string expected = Invariant($"a user ({Preview(_names.UserOrder)}) or group:NAME");
        string to = _nodes.Text(node, expected, out YamlScalarNode scalar);
        if (to.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal))
        {
            _names.RequireDefined(_names.Groups, scalar, to[SendStep.GroupPrefix.Length..]);
            return to;
        }

        if (!NameScope.IsTemplate(to) && !_names.Users.ContainsKey(to))
        {
            throw _nodes.Error(ScenarioFormatException.UnknownNameCode, scalar, expected, Quote(to));
        }

        return to;
    }

    private CreateGroupStep CreateGroup(YamlNode node)
    {
        var f = new Fields(_nodes, node, "create_group", ["by", "name", "members", "managers", "e2ee"]);
        bool? e2ee = f.Get("e2ee") is { } e ? _nodes.Bool(e, "whether the room is end-to-end encrypted (true or false; room-keys)") : null;
        string by = _names.Party(f.Require("by", "the creating device"), "the creating device");
        string name = _names.Define(_names.Groups, f.Require("name", "the group's name"));
        YamlNode membersNode = f.Require("members", "the member users");
        List<string>? managers = f.Get("managers") is { } m
            ? [.. _nodes.Sequence(m, "a list of users who manage the group", allowEmpty: true).Children.Select(u => _names.User(u, "a manager user"))]
            : null;
        if (membersNode is YamlScalarNode { Value: "all" } all && !IsQuoted(all))
        {
            // Every declared user (the runner expands "all"; the creator's own user is among them).
            return new CreateGroupStep(by, name, ["all"], managers) { E2ee = e2ee };
        }

        YamlSequenceNode members = _nodes.Sequence(membersNode, "all or a list of member users", allowEmpty: true);
        return new CreateGroupStep(by, name, [.. members.Children.Select(u => _names.User(u, "a member user"))], managers) { E2ee = e2ee };
    }

    private T Members<T>(YamlNode node, string keyword, Func<string, string, IReadOnlyList<string>, T> create)
        where T : Step
    {
        var f = new Fields(_nodes, node, keyword, ["by", "group", "users"]);
        string by = _names.Party(f.Require("by", "the member device that makes the change"), "the member device that makes the change");
        string group = _names.Group(f.Require("group", "the group"));
        YamlSequenceNode users = _nodes.Sequence(f.Require("users", "the users"), "a list of users", allowEmpty: false);
        return create(by, group, [.. users.Children.Select(u => _names.User(u, "a user"))]);
    }

    private LeaveStep Leave(YamlNode node)
    {
        var f = new Fields(_nodes, node, "leave", ["who", "group"]);
        string who = _names.Party(f.Require("who", "the leaving device"), "the leaving device");
        return new LeaveStep(who, _names.Group(f.Require("group", "the group")));
    }

    private AddGroupDeviceStep AddGroupDevice(YamlNode node)
    {
        var f = new Fields(_nodes, node, "add_group_device", ["by", "group", "device"]);
        string by = _names.Party(f.Require("by", "the member device that adds it"), "the member device that adds it");
        string group = _names.Group(f.Require("group", "the group"));
        string device = _names.Party(f.Require("device", "the new device"), "the new device");
        return new AddGroupDeviceStep(by, group, device);
    }

    private DelayStep Delay(YamlNode node)
    {
        string[] keys = ["message", "messages", "to", "from", "kind", "steps"];
        var f = new Fields(_nodes, node, "delay", keys);
        f.ExactlyOne("message", "messages", "the messages to delay");
        (IReadOnlyList<string> messages, string? to, string? kind) = _selectors.SelectorFields(f, out string? from);
        int steps = (int)_nodes.Integer(f.Require("steps", "how many steps to wait"), 1, ScenarioLoader.MaxDelaySteps, Invariant($"a number of steps (1 to {ScenarioLoader.MaxDelaySteps})"));
        return new DelayStep(new MessageSelector(messages, to, kind, from), steps);
    }

    private ChaosStep Chaos(YamlNode node)
    {
        string[] keys = ["deliveries", "drop", "duplicate", "reorder"];
        if (node is YamlScalarNode s && IsNull(s))
        {
            return new ChaosStep(ChaosStep.DefaultDeliveries, 0, 0, false);
        }

        var f = new Fields(_nodes, node, "chaos", keys);
        int deliveries = f.Get("deliveries") is { } d
            ? (int)_nodes.Integer(d, 1, ScenarioLoader.MaxChaosDeliveries, Invariant($"how many deliveries to draw at most (1 to {ScenarioLoader.MaxChaosDeliveries})"))
            : ChaosStep.DefaultDeliveries;
        double drop = f.Get("drop") is { } p ? _nodes.Probability(p, "the probability of dropping a delivery") : 0;
        double duplicate = f.Get("duplicate") is { } q ? _nodes.Probability(q, "the probability of duplicating a delivery") : 0;
        bool reorder = f.Get("reorder") is { } r && _nodes.Bool(r, "whether deliveries may come in any order (not only in order per device)");
        return new ChaosStep(deliveries, drop, duplicate, reorder);
    }

    private ReplayStep Replay(YamlNode node)
    {
        var f = new Fields(_nodes, node, "replay", [.. RewriteParser.PickKeys, "to"]);
        (string message, ProtocolPick? pick) = _rewrites.Observed(f, "replay");
        string to = _names.Party(f.Require("to", "the device to replay it to"), "the device to replay it to");
        return new ReplayStep(message, to) { Pick = pick };
    }

    private TamperStep Tamper(YamlNode node)
    {
        var f = new Fields(_nodes, node, "tamper", [.. RewriteParser.PickKeys, "to", "field", "byte", "bit"]);
        (string message, ProtocolPick? pick) = _rewrites.Observed(f, "tamper with");
        string to = _names.Party(f.Require("to", "the device to deliver the copy to"), "the device to deliver the copy to");
        string expected = Invariant($"a field ({string.Join(", ", ScenarioLoader.TamperFields)})");
        YamlNode fieldNode = f.Require("field", "the field to flip a bit in");
        string field = _nodes.Text(fieldNode, expected);
        if (!ScenarioLoader.TamperFields.Contains(field, StringComparer.Ordinal))
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, fieldNode, expected, Quote(field));
        }

        int? index = f.Get("byte") is { } b
            ? field == "sequence" ? (int)_nodes.Integer(b, 0, Simulation.Tampering.SequenceBytes - 1, "a byte of the 32-bit sequence (0 to 3, least significant first)") : _nodes.Int(b, 0, "a byte index")
            : null;
        int? bit = f.Get("bit") is { } t ? (int)_nodes.Integer(t, 0, Simulation.Tampering.BitsPerByte - 1, "a bit of the byte (0 to 7)") : null;
        return new TamperStep(message, to, field, index) { Bit = bit, Pick = pick };
    }

    private RepeatStep Repeat(YamlMappingNode item)
    {
        var f = new Fields(_nodes, item, "repeat", ["repeat", "steps", "var", "cost"]);
        YamlNode timesNode = f.Require("repeat", "how many times");
        long enclosing = _names.Repeats.Aggregate(1L, (product, r) => product * r.Times);
        long most = ScenarioLoader.MaxRepeatIterations / enclosing;
        int times = (int)_nodes.Integer(
            timesNode,
            1,
            most,
            enclosing == 1
                ? Invariant($"a number of repetitions (1 to {ScenarioLoader.MaxRepeatIterations})")
                : Invariant($"a number of repetitions (1 to {most}: the enclosing repeats run it {enclosing} times, and {ScenarioLoader.MaxRepeatIterations} runs in all is the most)"));
        string variable = "i";
        if (f.Get("var") is { } v)
        {
            variable = _nodes.Text(v, "a variable name (letters, digits, '_')", out YamlScalarNode scalar);
            if (!ScenarioNamePatterns.VariableNameRegex().IsMatch(variable))
            {
                throw _nodes.Error(ScenarioFormatException.BadValueCode, scalar, "a variable name (letters, digits, '_')", Quote(variable));
            }
        }

        if (_names.Repeats.Exists(r => r.Variable == variable))
        {
            YamlNode at = f.Get("var") ?? f.KeyNode("repeat");
            throw _nodes.Error(
                ScenarioFormatException.DuplicateNameCode, at, "a variable not used by an enclosing repeat (write var: j)", Invariant($"{{{variable}}} again"));
        }

        YamlNode body = f.Require("steps", "the steps to repeat");
        _names.Repeats.Add((variable, times, _nodes.Span(item)));
        try
        {
            YamlSequenceNode seq = _nodes.Sequence(body, "a list of steps to repeat", allowEmpty: false);
            return new RepeatStep(times, variable, [.. seq.Children.Select(ReadStep)]);
        }
        finally
        {
            _names.Repeats.RemoveAt(_names.Repeats.Count - 1);
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
        return ok ? new RunUntilQuietStep() : throw _nodes.Error(ScenarioFormatException.BadValueCode, node, "nothing, true or {} for run_until_quiet", Describe(node));
    }
}

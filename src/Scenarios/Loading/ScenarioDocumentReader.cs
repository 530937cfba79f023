using System.Globalization;
using E2eeConformance.Scenarios.Model;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>One pass over a scenario document: the top level (name, tags, suites, seed, store, server, users), then the steps, checking names in document order.</summary>
internal sealed class ScenarioDocumentReader
{
    /// <summary>What a scenario file must be, as errors name it.</summary>
    public const string ScenarioShape = "a scenario: a mapping with name, users and steps";

    private readonly NodeReader _nodes;
    private readonly NameScope _names;
    private readonly StepParser _steps;
    private readonly ProtocolParser _protocols;

    public ScenarioDocumentReader(string file)
    {
        _nodes = new NodeReader(file);
        _names = new NameScope(_nodes);
        _steps = new StepParser(_nodes, _names);
        _protocols = new ProtocolParser(_nodes);
    }

    /// <summary>Reads the root node of the document into a <see cref="Scenario"/>.</summary>
    public Scenario Read(YamlNode root)
    {
        var f = new Fields(_nodes, root, "the scenario", ScenarioLoader.TopLevelKeys, ScenarioShape);
        string name = _nodes.Text(f.Require("name", "the scenario's name"), "a scenario name", out YamlScalarNode nameNode);
        if (!ScenarioNamePatterns.ScenarioNameRegex().IsMatch(name))
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, nameNode, "a scenario name of letters, digits, '_' and '-'", Quote(name));
        }

        string description = f.Get("description") is { } d ? _nodes.Text(d, "a description", out _, allowEmpty: true) : string.Empty;
        IReadOnlyList<string> tags = f.Get("tags") is { } t ? _nodes.TextList(t, "a list of tags", "a tag (text)", allowEmptyList: true) : [];
        IReadOnlyList<string> protocols = f.Get("protocol") is { } p ? _protocols.Protocols(p) : [Scenario.DefaultProtocol];
        IReadOnlyList<string> suites = f.Get("suites") is { } s ? Suites(s) : [];
        ulong? seed = f.Get("seed") is { } sd ? Seed(sd) : null;
        StoreKind store = f.Get("store") is { } st ? Store(st) : StoreKind.Auto;
        ServerSettings server = f.Get("server") is { } sv ? ServerSettings(sv) : new ServerSettings();
        SenderKeySettings? senderKeys = f.Get("sender_keys") is { } sk ? _protocols.SenderKeys(sk) : null;
        RoomKeySettings? roomKeys = f.Get("room_keys") is { } rk ? _protocols.RoomKeys(rk) : null;
        string? disabled = f.Get("disabled") is { } ds ? _nodes.Text(ds, "the reason the scenario is disabled", out _) : null;
        IReadOnlyList<UserSpec> users = Users(f.Require("users", "the users taking part, e.g. alice: { devices: 1 }"));
        IReadOnlyList<Step> steps = _steps.StepList(f.Require("steps", "the list of steps"));
        var scenario = new Scenario(name, description, tags, suites, seed, users, steps)
        {
            Store = store,
            Server = server,
            Disabled = disabled,
            Source = _nodes.Span(root),
            SourceFile = _nodes.Span(root).File,
            Protocols = protocols,
            SenderKeys = senderKeys,
            RoomKeys = roomKeys,
        };
        ProtocolParser.CheckFamilies(scenario, f.Get("sender_keys"), f.Get("room_keys"), scenario.Source.File);
        return scenario;
    }

    private List<string> Suites(YamlNode node)
    {
        if (node is YamlScalarNode { Value: "all" } s && !IsQuoted(s))
        {
            return [];
        }

        if (node is not YamlSequenceNode)
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, node, "all or a list of suite names", Describe(node));
        }

        return _nodes.TextList(node, "all or a list of suite names", "a suite name");
    }

    private ulong Seed(YamlNode node)
    {
        const string expected = "a seed (an integer from 0 to 18446744073709551615)";
        if (node is not YamlScalarNode s || IsNull(s) || IsQuoted(s)
            || !ulong.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, node, expected, Describe(node));
        }

        return seed;
    }

    private StoreKind Store(YamlNode node)
    {
        const string expected = "a store: auto, memory or sqlite";
        string v = _nodes.Text(node, expected);
        return v switch
        {
            "auto" => StoreKind.Auto,
            "memory" => StoreKind.Memory,
            "sqlite" => StoreKind.Sqlite,
            _ => throw _nodes.Error(ScenarioFormatException.BadValueCode, node, expected, Quote(v)),
        };
    }

    private ServerSettings ServerSettings(YamlNode node)
    {
        var f = new Fields(_nodes, node, "server", ["one_time_pre_key_refill_threshold"]);
        var settings = new ServerSettings();
        if (f.Get("one_time_pre_key_refill_threshold") is { } t)
        {
            settings = settings with { OneTimePreKeyRefillThreshold = (int)_nodes.Integer(t, 0, ScenarioLoader.MaxOneTimePreKeys, Invariant($"a number of one-time pre-keys (0 to {ScenarioLoader.MaxOneTimePreKeys})")) };
        }

        return settings;
    }

    private List<UserSpec> Users(YamlNode node)
    {
        const string shape = "a mapping of users to their devices (alice: { devices: 1 }, bob: 2, or u: { count: 100 } for u1 … u100)";
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, node, shape, node is YamlMappingNode ? "an empty mapping" : Describe(node));
        }

        var users = new List<UserSpec>();
        foreach ((YamlNode k, YamlNode v) in mapping.Children)
        {
            YamlScalarNode key = _nodes.Key(k);
            string name = key.Value ?? string.Empty;
            if (!ScenarioNamePatterns.UserNameRegex().IsMatch(name))
            {
                throw _nodes.Error(ScenarioFormatException.BadValueCode, key, "a user name of lowercase letters, digits, '_' and '-'", Quote(name));
            }

            if (name == "all")
            {
                throw _nodes.Error(ScenarioFormatException.BadValueCode, key, "a user name other than 'all' (it means every user)", Quote(name));
            }

            if (v is YamlMappingNode)
            {
                var f = new Fields(_nodes, v, Invariant($"user {name}"), ["devices", "one_time_pre_keys", "count"]);
                int devices = f.Get("devices") is { } dn ? (int)_nodes.Integer(dn, 1, ScenarioLoader.MaxDevicesPerUser, Invariant($"a number of devices (1 to {ScenarioLoader.MaxDevicesPerUser})")) : 1;
                int? opks = f.Get("one_time_pre_keys") is { } on ? (int)_nodes.Integer(on, 0, ScenarioLoader.MaxOneTimePreKeys, Invariant($"a number of one-time pre-keys (0 to {ScenarioLoader.MaxOneTimePreKeys})")) : null;
                if (f.Get("count") is { } cn)
                {
                    // Bulk: u: { count: 3 } declares u1, u2, u3, each with these devices and pre-keys.
                    int count = (int)_nodes.Integer(cn, 1, ScenarioLoader.MaxBulkUsers, Invariant($"a number of users (1 to {ScenarioLoader.MaxBulkUsers})"));
                    for (int i = 1; i <= count; i++)
                    {
                        Declare(users, key, new UserSpec(string.Create(CultureInfo.InvariantCulture, $"{name}{i}"), devices, opks));
                    }

                    continue;
                }

                Declare(users, key, new UserSpec(name, devices, opks));
            }
            else
            {
                Declare(users, key, new UserSpec(name, (int)_nodes.Integer(v, 1, ScenarioLoader.MaxDevicesPerUser, Invariant($"a number of devices (1 to {ScenarioLoader.MaxDevicesPerUser}) or {{ devices, one_time_pre_keys }}"))));
            }
        }

        return users;
    }

    /// <summary>Declares one user; a name declared before (by another entry or a bulk entry's range) is an error at <paramref name="key"/>.</summary>
    private void Declare(List<UserSpec> users, YamlScalarNode key, UserSpec user)
    {
        if (_names.Users.ContainsKey(user.Name))
        {
            string found = user.Name == key.Value ? Quote(user.Name) : Invariant($"{Quote(key.Value ?? string.Empty)} declaring {user.Name}");
            throw _nodes.Error(ScenarioFormatException.DuplicateNameCode, key, Invariant($"a user name not declared before ({user.Name} is)"), found);
        }

        _names.Users.Add(user.Name, user);
        _names.UserOrder.Add(user.Name);
        users.Add(user);
    }
}

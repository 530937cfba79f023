using E2eeConformance.Scenarios.Model;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// Reads a <c>server:</c> step: the server as an adversary (<see cref="ServerStep"/>). Either one word (<c>heal</c>,
/// <c>honest</c>) or a mapping with exactly one action key.
/// </summary>
internal sealed class ServerStepParser(NodeReader nodes, NameScope names, SelectorParser selectors)
{
    /// <summary>The action keys of a <c>server:</c> mapping, in the order the format documents them.</summary>
    public static IReadOnlyList<string> ActionKeys { get; } =
        ["withhold", "partition", "substitute_bundle", "reuse_one_time_pre_key", "strip_one_time_pre_keys", "fake_heartbeat", "forge_user_update", "intercept"];

    /// <summary>The longest user name a forged update may carry (the engine's limit on a text field of the wire).</summary>
    public const int MaxUserNameLength = 256;

    /// <summary>The one-word actions.</summary>
    public static IReadOnlyList<string> WordActions { get; } = ["heal", "honest", "down", "up"];

    private static string Shape => Invariant($"{string.Join(", ", WordActions)}, or a mapping with one action ({string.Join(", ", ActionKeys)})");

    /// <summary>Reads the value of a <c>server:</c> step.</summary>
    public ServerStep Read(YamlNode node)
    {
        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            return scalar.Value switch
            {
                "heal" => new ServerStep(new HealAction()),
                "honest" => new ServerStep(new HonestAction()),
                "down" => new ServerStep(new DownAction()),
                "up" => new ServerStep(new UpAction()),
                _ => throw nodes.Error(ScenarioFormatException.BadValueCode, scalar, Shape, Describe(scalar)),
            };
        }

        if (node is not YamlMappingNode { Children.Count: > 0 } mapping)
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, node, Shape, Describe(node));
        }

        var f = new Fields(nodes, mapping, "server", ActionKeys, Shape);
        if (mapping.Children.Count > 1)
        {
            YamlScalarNode second = nodes.Key(mapping.Children.Keys.ElementAt(1));
            throw nodes.Error(ScenarioFormatException.ConflictingKeysCode, second, "one action per server step (write another - server: step)", Invariant($"{Quote(second.Value ?? "")} after {Quote(nodes.Key(mapping.Children.Keys.First()).Value ?? "")}"));
        }

        string key = nodes.Key(mapping.Children.Keys.First()).Value ?? "";
        YamlNode value = f.Get(key)!;
        ServerAction action = key switch
        {
            "withhold" => new WithholdAction(selectors.Selector(value, "withhold")),
            "partition" => Partition(value),
            "substitute_bundle" => Substitute(value),
            "reuse_one_time_pre_key" => new ReuseOneTimePreKeyAction(names.Party(value, "the user or device whose one-time pre-key is handed out again")),
            "strip_one_time_pre_keys" => new StripOneTimePreKeysAction(names.Party(value, "the user or device whose bundles lose their one-time pre-key")),
            "fake_heartbeat" => FakeHeartbeat(value),
            "forge_user_update" => ForgeUserUpdate(value),
            _ => Intercept(value),
        };
        return new ServerStep(action);
    }

    private PartitionAction Partition(YamlNode node)
    {
        const string expected = "a list of at least two sides, each a list of users or devices: [[alice], [bob, carol]]";
        YamlSequenceNode sides = nodes.Sequence(node, expected, allowEmpty: false);
        if (sides.Children.Count < 2)
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, node, expected, "one side");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<IReadOnlyList<string>> read = [];
        foreach (YamlNode side in sides.Children)
        {
            YamlSequenceNode parties = nodes.Sequence(side, "a side: a list of users or devices", allowEmpty: false);
            List<string> members = [];
            foreach (YamlNode p in parties.Children)
            {
                string party = names.Party(p, "a user or device on this side");
                if (!seen.Add(party))
                {
                    throw nodes.Error(ScenarioFormatException.DuplicateNameCode, p, "each user or device on one side only", Invariant($"{Quote(party)} again"));
                }

                members.Add(party);
            }

            read.Add(members);
        }

        return new PartitionAction(read);
    }

    private SubstituteBundleAction Substitute(YamlNode node)
    {
        var f = new Fields(nodes, node, "substitute_bundle", ["of", "with"]);
        string of = names.Party(f.Require("of", "whose bundles are replaced"), "whose bundles are replaced");
        YamlNode withNode = f.Require("with", "the device whose bundle is handed out instead");
        string with = names.Party(withNode, "the device whose bundle is handed out instead");
        if (with == of || with.StartsWith(of + "/", StringComparison.Ordinal) || of.StartsWith(with + "/", StringComparison.Ordinal))
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, withNode, "another user's device", Quote(with));
        }

        return new SubstituteBundleAction(of, with);
    }

    private FakeHeartbeatAction FakeHeartbeat(YamlNode node)
    {
        var f = new Fields(nodes, node, "fake_heartbeat", ["to", "time"]);
        string to = names.Party(f.Require("to", "the devices the forged heartbeat goes to"), "the devices the forged heartbeat goes to", allowAll: true);
        YamlNode timeNode = f.Require("time", "the server time the heartbeat claims");
        string text = nodes.Text(timeNode, HeartbeatTimeParser.Expected, out YamlScalarNode scalar);
        if (!HeartbeatTimeParser.TryParse(text, IsQuoted(scalar), out HeartbeatTime? time))
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, timeNode, HeartbeatTimeParser.Expected, Quote(text));
        }

        return new FakeHeartbeatAction(to, time!);
    }

    private ForgeUserUpdateAction ForgeUserUpdate(YamlNode node)
    {
        var f = new Fields(nodes, node, "forge_user_update", ["to", "of", "name"]);
        string to = names.Party(f.Require("to", "the devices the forged update goes to"), "the devices the forged update goes to", allowAll: true);
        string of = names.Party(f.Require("of", "the user the update claims to come from"), "the user the update claims to come from");
        YamlNode nameNode = f.Require("name", "the user name the update claims");
        string expected = Invariant($"a user name (1 to {MaxUserNameLength} characters)");
        string name = nodes.Text(nameNode, expected);
        if (name.Length > MaxUserNameLength)
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, nameNode, expected, Invariant($"{name.Length} characters"));
        }

        return new ForgeUserUpdateAction(to, of, name);
    }

    private InterceptAction Intercept(YamlNode node)
    {
        var f = new Fields(nodes, node, "intercept", ["of", "by"]);
        string of = names.Party(f.Require("of", "the user or device whose traffic is intercepted"), "the user or device whose traffic is intercepted");
        YamlNode byNode = f.Require("by", "the device that answers in its place");
        string by = names.Party(byNode, "the device that answers in its place");
        if (!by.Contains('/', StringComparison.Ordinal) && !NameScope.IsTemplate(by))
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, byNode, "one device (user/N) that answers in its place", Quote(by));
        }

        if (by.StartsWith(of + "/", StringComparison.Ordinal) || by == of || of.StartsWith(UserOf(by) + "/", StringComparison.Ordinal) || of == UserOf(by))
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, byNode, "another user's device", Quote(by));
        }

        return new InterceptAction(of, by);
    }

    private static string UserOf(string device) => device.Contains('/', StringComparison.Ordinal) ? device[..device.IndexOf('/', StringComparison.Ordinal)] : device;
}

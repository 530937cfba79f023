using E2eeConformance.Scenarios.Model;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// Reads the lifecycle parts of steps (issue 14 §1, bulk and lifecycle): <c>add_user</c>, which declares a user from
/// its step on, <c>offline</c> / <c>online</c>, and the <c>cost:</c> a step may carry next to its keyword.
/// </summary>
internal sealed class LifecycleParser(NodeReader nodes, NameScope names)
{
    /// <summary>The keys of <c>cost:</c>.</summary>
    public static IReadOnlyList<string> CostKeys { get; } = ["max_key_derivations", "max_ms_cpu"];

    /// <summary>
    /// <c>add_user: NAME</c> or <c>{ user, devices?, one_time_pre_keys? }</c>: the name must be new; the user exists
    /// for the steps after this one. Not inside a repeat that runs more than once (the second run would add it again).
    /// </summary>
    public AddUserStep AddUser(YamlNode node)
    {
        const string what = "the new user's name (lowercase letters, digits, '_' and '-', not declared before)";
        YamlNode nameNode;
        int devices = 1;
        int? opks = null;
        if (node is YamlScalarNode)
        {
            nameNode = node;
        }
        else
        {
            var f = new Fields(nodes, node, "add_user", ["user", "devices", "one_time_pre_keys"], "a user name or a mapping (user, devices, one_time_pre_keys) for add_user");
            nameNode = f.Require("user", "the new user's name");
            devices = f.Get("devices") is { } dn ? (int)nodes.Integer(dn, 1, ScenarioLoader.MaxDevicesPerUser, Invariant($"a number of devices (1 to {ScenarioLoader.MaxDevicesPerUser})")) : 1;
            opks = f.Get("one_time_pre_keys") is { } on ? (int)nodes.Integer(on, 0, ScenarioLoader.MaxOneTimePreKeys, Invariant($"a number of one-time pre-keys (0 to {ScenarioLoader.MaxOneTimePreKeys})")) : null;
        }

        string name = nodes.Text(nameNode, what, out YamlScalarNode scalar);
        if (!ScenarioNamePatterns.UserNameRegex().IsMatch(name) || name == "all")
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, scalar, what, Quote(name));
        }

        if (names.Users.ContainsKey(name))
        {
            throw nodes.Error(ScenarioFormatException.DuplicateNameCode, scalar, what, Invariant($"{Quote(name)}, a user already declared"));
        }

        if (names.Repeats.Find(r => r.Times > 1) is { Variable: not null } repeat)
        {
            throw nodes.Error(
                ScenarioFormatException.DuplicateNameCode, scalar, Invariant($"add_user outside a repeat that runs more than once (the repeat at line {repeat.At.Line} runs {repeat.Times} times and would add {name} again)"), Quote(name));
        }

        var user = new UserSpec(name, devices, opks);
        names.Users.Add(name, user);
        names.UserOrder.Add(name);
        return new AddUserStep(name, devices, opks);
    }

    /// <summary><c>cost: { max_key_derivations?, max_ms_cpu? }</c>, at least one of them.</summary>
    public StepCost Cost(YamlNode node)
    {
        var f = new Fields(nodes, node, "cost", CostKeys);
        f.AtLeastOne(CostKeys);
        long? derivations = f.Get("max_key_derivations") is { } d
            ? nodes.Integer(d, 0, ScenarioLoader.MaxCostKeyDerivations, Invariant($"the most key derivations the step may make (0 to {ScenarioLoader.MaxCostKeyDerivations})"))
            : null;
        long? cpu = f.Get("max_ms_cpu") is { } c
            ? nodes.Integer(c, 1, ScenarioLoader.MaxCostCpuMilliseconds, Invariant($"the most CPU milliseconds the step may take (1 to {ScenarioLoader.MaxCostCpuMilliseconds})"))
            : null;
        return new StepCost(derivations, cpu);
    }
}

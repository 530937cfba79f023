using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using E2eeConformance.Scenarios.Model;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// The names a scenario has defined so far (users, devices, messages, groups, adversary states) and the enclosing
/// repeats; checks references in document order.
/// </summary>
internal sealed class NameScope
{
    private const int MaxExpandedNames = 10_000;

    private readonly NodeReader _nodes;

    public NameScope(NodeReader nodes)
    {
        _nodes = nodes;
    }

    /// <summary>The declared users by name.</summary>
    public Dictionary<string, UserSpec> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>The declared users in the order they were written.</summary>
    public List<string> UserOrder { get; } = [];

    /// <summary>Users that got a device by <c>add_device</c> (their devices may have any id).</summary>
    public HashSet<string> UsersWithAddedDevices { get; } = new(StringComparer.Ordinal);

    public NameTable Messages { get; } = new("message", "the 'as' of an earlier send");

    public NameTable Groups { get; } = new("group", "the 'name' of an earlier create_group");

    public NameTable Adversaries { get; } = new("adversary state", "the 'as' of an earlier compromise");

    /// <summary>The repeats enclosing the step being read, innermost last.</summary>
    public List<(string Variable, int Times, SourceSpan At)> Repeats { get; } = [];

    public static bool IsTemplate(string name) => name.Contains('{', StringComparison.Ordinal);

    /// <summary>A declared user.</summary>
    public string User(YamlNode node, string what)
    {
        string expected = Invariant($"{what}: a user declared under users ({Preview(UserOrder)})");
        string name = _nodes.Text(node, expected, out YamlScalarNode scalar);
        if (!IsTemplate(name) && !Users.ContainsKey(name))
        {
            throw _nodes.Error(ScenarioFormatException.UnknownNameCode, scalar, expected, Quote(name));
        }

        return name;
    }

    /// <summary>A user (all of its devices) or a device <c>user/N</c>; "all" where allowed.</summary>
    public string Party(YamlNode node, string what, bool allowAll = false)
    {
        string expected = Invariant($"{what}: {(allowAll ? "all, " : string.Empty)}a user or device ({Preview(KnownParties())})");
        string name = _nodes.Text(node, expected, out YamlScalarNode scalar);
        if ((allowAll && name == "all") || IsTemplate(name) || Users.ContainsKey(name))
        {
            return name;
        }

        int slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && Users.TryGetValue(name[..slash], out UserSpec? user))
        {
            string id = name[(slash + 1)..];
            bool numbered = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= user.Devices;
            if (numbered || (id.Length > 0 && UsersWithAddedDevices.Contains(user.Name)))
            {
                return name;
            }
        }

        throw _nodes.Error(ScenarioFormatException.UnknownNameCode, scalar, expected, Quote(name));
    }

    private IEnumerable<string> KnownParties()
    {
        foreach (string user in UserOrder)
        {
            yield return user;
            for (int i = 1; i <= Users[user].Devices; i++)
            {
                yield return Invariant($"{user}/{i}");
            }
        }
    }

    public string Message(YamlNode node)
    {
        string name = _nodes.Text(node, "a message name (the 'as' of an earlier send)", out YamlScalarNode scalar);
        RequireDefined(Messages, scalar, name);
        return name;
    }

    public string Group(YamlNode node)
    {
        string name = _nodes.Text(node, "a group name (the 'name' of an earlier create_group)", out YamlScalarNode scalar);
        RequireDefined(Groups, scalar, name);
        return name;
    }

    public void RequireDefined(NameTable table, YamlScalarNode node, string name)
    {
        if (!IsTemplate(name) && !table.Contains(name))
        {
            throw _nodes.Error(
                ScenarioFormatException.UnknownNameCode, node, Invariant($"a {table.What} defined by {table.DefinedBy} ({Preview(table.Names)})"), Quote(name));
        }
    }

    /// <summary>
    /// Defines a name (message, group, adversary state). Inside a repeat that runs more than once the name must
    /// contain the repeat's variable; a templated name is expanded over the repeat's range so that later
    /// references (<c>b3</c>) resolve.
    /// </summary>
    public string Define(NameTable table, YamlNode node)
    {
        string what = table.What;
        string expected = Invariant($"a {what} name (letters, digits, '.', '_', '-'; {{i}} inside a repeat)");
        string name = _nodes.Text(node, expected, out YamlScalarNode scalar);
        if (!ScenarioNamePatterns.NameRegex().IsMatch(name) || name == "all")
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, scalar, expected, Quote(name));
        }

        var used = ScenarioNamePatterns.VariableRegex().Matches(name).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        foreach (string variable in used)
        {
            if (!Repeats.Exists(r => r.Variable == variable))
            {
                string vars = Repeats.Count == 0 ? "none outside a repeat" : string.Join(", ", Repeats.Select(r => "{" + r.Variable + "}"));
                throw _nodes.Error(
                    ScenarioFormatException.UnknownNameCode, scalar, Invariant($"a variable of an enclosing repeat ({vars})"), Invariant($"{{{variable}}} in {Quote(name)}"));
            }
        }

        foreach ((string variable, int times, SourceSpan at) in Repeats)
        {
            if (times > 1 && !used.Contains(variable, StringComparer.Ordinal))
            {
                throw _nodes.Error(
                    ScenarioFormatException.DuplicateNameCode,
                    scalar,
                    Invariant($"a {what} name containing {{{variable}}} (the repeat at line {at.Line} runs {times} times)"),
                    Quote(name));
            }
        }

        var ranges = used.Select(v => (Variable: v, Times: Repeats.Last(r => r.Variable == v).Times)).ToList();
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

        SourceSpan span = _nodes.Span(scalar);
        foreach (string expanded in Expand(name, ranges, 0))
        {
            if (table.TryGet(expanded, out SourceSpan? previous))
            {
                string again = expanded == name ? Quote(name) : Invariant($"{Quote(name)} ({expanded})");
                throw _nodes.Error(
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
        foreach (Match m in ScenarioNamePatterns.VariableRegex().Matches(name))
        {
            pattern.Append(Regex.Escape(name[last..m.Index])).Append("[0-9]+");
            last = m.Index + m.Length;
        }

        pattern.Append(Regex.Escape(name[last..])).Append('$');
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}

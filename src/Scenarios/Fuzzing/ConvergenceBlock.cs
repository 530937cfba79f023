using System.Globalization;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The closing steps of a scenario with groups (as the convergence generator ends): a few plain deliveries (so that every
/// delay has run out), <c>release: all</c>, <c>run_until_quiet</c>; then, for each group, every member device must name
/// all of its member devices (<c>state: group_members</c>), and each writes once more (<c>fN</c>), and the network runs
/// quiet: the end invariant fails unless they all hold the same session. The counts are the model's, so the shrinker
/// rewrites the block for what a smaller scenario leaves (<see cref="Rewrite"/>) instead of keeping stale numbers.
/// </summary>
internal static class ConvergenceBlock
{
    /// <summary>The block for these groups (name, member devices at the end), after <paramref name="padding"/> plain deliveries.</summary>
    public static FuzzStep Build(int padding, IEnumerable<(string Group, IReadOnlyList<string> Devices)> groups)
    {
        List<FuzzStep> steps = [.. Enumerable.Repeat(new FuzzStep("deliver", FuzzValue.Of("all")), padding)];
        steps.Add(new FuzzStep("release", FuzzValue.Of("all")));
        steps.Add(new FuzzStep("run_until_quiet"));
        int sent = 0;
        foreach ((string group, IReadOnlyList<string> devices) in groups)
        {
            foreach (string device in devices)
            {
                steps.Add(new FuzzStep("expect", FuzzValue.Map(("state", FuzzValue.Map(("device", FuzzValue.Of(device)), ("group", FuzzValue.Of(group)), ("group_members", FuzzValue.Of(devices.Count)))))));
            }

            foreach (string device in devices)
            {
                string name = "f" + (++sent).ToString(CultureInfo.InvariantCulture);
                steps.Add(new FuzzStep("send", FuzzValue.Map(("from", FuzzValue.Of(device)), ("to", FuzzValue.Quote("group:" + group)), ("text", FuzzValue.Quote($"text of {name}, last to the group")), ("as", FuzzValue.Of(name)))));
            }
        }

        steps.Add(new FuzzStep("run_until_quiet"));
        return new FuzzStep(FuzzStep.ConvergeKeyword, null, steps);
    }

    /// <summary>
    /// The scenario with its convergence block rebuilt from its own steps (users, added devices, each group's creation,
    /// adds, removals and leaves), keeping the block's leading deliveries; unchanged without a block.
    /// </summary>
    public static FuzzScenario Rewrite(FuzzScenario scenario)
    {
        int at = scenario.Steps.ToList().FindIndex(s => s.IsConverge);
        if (at < 0)
        {
            return scenario;
        }

        int padding = scenario.Steps[at].Body.TakeWhile(s => s.Keyword == "deliver").Count();
        List<(string, IReadOnlyList<string>)> groups = Membership(scenario);
        FuzzStep block = groups.Count == 0 ? new FuzzStep(FuzzStep.ConvergeKeyword, null, [new FuzzStep("run_until_quiet")]) : Build(padding, groups);
        return scenario with { Steps = [.. scenario.Steps.Select((s, i) => i == at ? block : s)] };
    }

    /// <summary>Each group's member devices after the scenario's steps, in creation order.</summary>
    private static List<(string, IReadOnlyList<string>)> Membership(FuzzScenario scenario)
    {
        Dictionary<string, int> devices = scenario.Users.ToDictionary(u => u.Name, u => u.Devices, StringComparer.Ordinal);
        List<(string Name, HashSet<string> Members)> groups = [];
        foreach (FuzzStep step in Flatten(scenario.Steps))
        {
            FuzzMap? map = step.Value as FuzzMap;
            string? group = (map?["name"] ?? map?["group"]) is FuzzScalar g ? g.Text : null;
            HashSet<string>? members = groups.FirstOrDefault(x => x.Name == group).Members;
            switch (step.Keyword)
            {
                case "add_device" when step.Value is FuzzScalar user && devices.ContainsKey(user.Text):
                    devices[user.Text]++;
                    break;
                case "create_group" when group is not null && map!["by"] is FuzzScalar by && map["members"] is FuzzList list:
                    groups.Add((group, new HashSet<string>(list.Items.Append(FuzzWorld.UserOf(by.Text)), StringComparer.Ordinal)));
                    break;
                case "add_members" when members is not null && map!["users"] is FuzzList added:
                    members.UnionWith(added.Items);
                    break;
                case "remove_members" when members is not null && map!["users"] is FuzzList removed:
                    members.ExceptWith(removed.Items);
                    break;
                case "leave" when members is not null && map!["who"] is FuzzScalar who:
                    members.Remove(FuzzWorld.UserOf(who.Text));
                    break;
            }
        }

        return [.. groups.Select(g => (g.Name, (IReadOnlyList<string>)[.. scenario.Users.Select(u => u.Name).Where(g.Members.Contains).SelectMany(u => Enumerable.Range(1, devices[u]).Select(n => FuzzWorld.Device(u, n)))]))];
    }

    private static IEnumerable<FuzzStep> Flatten(IEnumerable<FuzzStep> steps) =>
        steps.Where(s => !s.IsConverge).SelectMany(s => s.IsRepeat ? Flatten(s.Body) : [s]);
}

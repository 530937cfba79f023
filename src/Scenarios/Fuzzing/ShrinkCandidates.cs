using System.Globalization;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The simpler versions of a scenario the shrinker tries, beyond removing steps (<see cref="FuzzShrinker"/>): without
/// a user (and every step naming it; the convergence block is rewritten rather than removed), with one device fewer, a repeat's body run once in its place, and each step's
/// value made simpler (<see cref="Simpler(FuzzStep)"/>). Each is a candidate only: the shrinker keeps it when it still
/// fails the same way.
/// </summary>
internal static class ShrinkCandidates
{
    /// <summary>The scenario without each user in turn (the last first), and without every step naming it.</summary>
    public static IEnumerable<FuzzScenario> FewerUsers(FuzzScenario scenario)
    {
        if (scenario.Users.Count <= 1)
        {
            yield break;
        }

        foreach ((string user, _) in scenario.Users.Reverse())
        {
            yield return scenario with
            {
                Users = [.. scenario.Users.Where(u => u.Name != user)],
                Steps = Without(scenario.Steps, s => s.Mentions(user)),
            };
        }
    }

    /// <summary>The scenario with each user that has several devices registering one fewer (steps naming the last one removed).</summary>
    public static IEnumerable<FuzzScenario> FewerDevices(FuzzScenario scenario)
    {
        foreach ((string user, int devices) in scenario.Users.Where(u => u.Devices > 1))
        {
            string last = FuzzWorld.Device(user, devices);
            yield return scenario with
            {
                Users = [.. scenario.Users.Select(u => u.Name == user ? (u.Name, u.Devices - 1) : u)],
                Steps = Without(scenario.Steps, s => s.MentionsDevice(last)),
            };
        }
    }

    /// <summary>Each step (nested ones too) replaced by each of its simpler versions, one change per candidate.</summary>
    public static IEnumerable<FuzzScenario> SimplerSteps(FuzzScenario scenario)
    {
        foreach (IReadOnlyList<FuzzStep> steps in SimplerLists(scenario.Steps))
        {
            yield return scenario with { Steps = steps };
        }
    }

    /// <summary>A step's simpler versions: smaller counts, faults switched off, a subset delivery made a plain one.</summary>
    public static IEnumerable<FuzzStep> Simpler(FuzzStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        switch (step.Keyword, step.Value)
        {
            case (FuzzStep.RepeatKeyword, FuzzScalar times):
                foreach (int fewer in Smaller(Number(times), 1))
                {
                    yield return step with { Value = FuzzValue.Of(fewer) };
                }

                break;
            case ("chaos", FuzzMap map):
                yield return new FuzzStep("deliver", FuzzValue.Of("all"));
                foreach (string key in new[] { "drop", "duplicate", "reorder" }.Where(k => map[k] is not null))
                {
                    yield return step with { Value = map.With(key, null) };
                }

                foreach (int fewer in Smaller(Number(map["deliveries"]), 1))
                {
                    yield return step with { Value = map.With("deliveries", FuzzValue.Of(fewer)) };
                }

                break;
            case ("deliver", FuzzMap):
                yield return new FuzzStep("deliver", FuzzValue.Of("all"));
                break;
            case ("hold", FuzzMap map) when map["kind"] is not null:
                yield return step with { Value = map.With("kind", null) };
                break;
            case ("delay", FuzzMap map):
                foreach (int fewer in Smaller(Number(map["steps"]), 1))
                {
                    yield return step with { Value = map.With("steps", FuzzValue.Of(fewer)) };
                }

                break;
            case ("send", FuzzMap map) when map["size"] is { } size:
                foreach (int fewer in Smaller(Number(size), 0))
                {
                    yield return step with { Value = map.With("size", FuzzValue.Of(fewer)) };
                }

                break;
            case ("advance_clock", FuzzScalar jump) when jump.Text != "1d" && jump.Text != "30m":
                yield return step with { Value = FuzzValue.Of("1d") };
                break;
        }
    }

    /// <summary>The repeat at each place replaced by its body, run once (<c>{i}</c> = 1).</summary>
    public static IEnumerable<FuzzScenario> Unrolled(FuzzScenario scenario)
    {
        for (int i = 0; i < scenario.Steps.Count; i++)
        {
            if (scenario.Steps[i] is { IsRepeat: true } repeat)
            {
                List<FuzzStep> steps = [.. scenario.Steps.Take(i), .. repeat.Body.Select(Once), .. scenario.Steps.Skip(i + 1)];
                yield return scenario with { Steps = steps };
            }
        }
    }

    private static IEnumerable<IReadOnlyList<FuzzStep>> SimplerLists(IReadOnlyList<FuzzStep> steps)
    {
        for (int i = 0; i < steps.Count; i++)
        {
            IEnumerable<FuzzStep> variants = steps[i].IsConverge ? [] : Simpler(steps[i]).Concat(SimplerLists(steps[i].Body).Select(body => steps[i] with { Body = body }));
            foreach (FuzzStep variant in variants)
            {
                yield return [.. steps.Take(i), variant, .. steps.Skip(i + 1)];
            }
        }
    }

    private static FuzzStep Once(FuzzStep step) => step with { Value = step.Value is null ? null : Bind(step.Value), Body = [.. step.Body.Select(Once)] };

    private static FuzzValue Bind(FuzzValue value) => value switch
    {
        FuzzScalar s => s with { Text = s.Text.Replace("{i}", "1", StringComparison.Ordinal) },
        FuzzList l => new FuzzList([.. l.Items.Select(t => t.Replace("{i}", "1", StringComparison.Ordinal))]),
        FuzzMap m => new FuzzMap([.. m.Entries.Select(e => new KeyValuePair<string, FuzzValue>(e.Key, Bind(e.Value)))]),
        _ => value,
    };

    private static IReadOnlyList<FuzzStep> Without(IReadOnlyList<FuzzStep> steps, Func<FuzzStep, bool> drop) =>
        [.. steps.Where(s => s.IsRepeat || s.IsConverge || !drop(s)).Select(s => s.IsRepeat ? s with { Body = Without(s.Body, drop) } : s).Where(s => !s.IsRepeat || s.Body.Count > 0)];

    private static int Number(FuzzValue? value) => value is FuzzScalar s ? int.Parse(s.Text, CultureInfo.InvariantCulture) : 0;

    /// <summary>The smallest value, then half (distinct, smaller than <paramref name="value"/>).</summary>
    private static IEnumerable<int> Smaller(int value, int floor) =>
        new[] { floor, floor + ((value - floor) / 2) }.Where(v => v < value).Distinct();
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Running;

/// <summary>
/// Issue 14 §2: generated hostile scenario files — catalog files with a token, a line or the end broken (hostile
/// numbers, wrong types, odd unicode, unknown names and keys, truncation, bad indentation), deep nesting, long repeat
/// chains, alias bombs, huge texts — go to the loader (what <c>check</c> runs) and, when it accepts them, to a real run.
/// Neither may ever throw anything but the typed refusal (<see cref="ScenarioFormatException"/>, with a position) or
/// end a run other than with an outcome whose reason names no harness bug (no .NET exception of the runtime's own).
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed partial class HostileFilePropertyTests
{
    /// <summary>Small catalog files that run in well under a second each: the material the mutations break.</summary>
    private static readonly string[] Bases =
    [
        "hello-one2one", "duplicate-delivery", "replay-rejected", "group-basic", "group-tamper", "group-leave",
        "restart-with-unconsumed", "delayed-message", "drop-and-redeliver", "multi-device-fanout", "signed-pre-key-renewal",
        "group-non-manager-remove-refused", "group-add-existing-member-refused", "tampered-header", "lossy-network",
        "sender-keys-tampered-rejected", "sender-keys-concurrent-joins", "sender-keys-old-key-outside-window", "sender-keys-compromised-member-finding",
    ];

    /// <summary>What replaces a token: hostile numbers, wrong types, odd unicode, names nobody declared, YAML oddities.</summary>
    private static readonly string[] HostileValues =
    [
        "2147483647", "2147483648", "-1", "0", "1.5", "1e9", ".nan", "NaN", ".inf", "-.inf", "0x10", "99999999999999999999",
        "\"5\"", "''", "~", "null", "[]", "{}", "[[]]", "{a: {b: c}}", "all", "group:", "group:g", "group:nope", "alice/0",
        "alice/65", "bob/1/2", "mallory", "\"\\u0000\"", "\"\\u202e\"", "\"😀\"", "é", "\"\\ud800\"", "{i}", "{j}", "!!binary AAAA",
        "*nope", "&x", "? k", "|", ">", "-", "- - -", ":", "1d", "0s", "99999999999999d", "-1d", "1ms", "8d12h", "true", "yes",
        "sequence", "ciphertext", "msg_id", "forbidden", "request_conflict", "create_group", "\"" + new string('a', 5000) + "\"",
    ];

    /// <summary>Whole lines inserted into a file: steps and keys with hostile values, and broken YAML.</summary>
    private static readonly string[] HostileLines =
    [
        "  - send: { from: alice, to: bob, size: 2147483647 }", "  - send: { from: alice, to: bob, size: 1048577 }",
        "  - delay: { message: m1, steps: 2147483647 }", "  - chaos: { drop: .nan }", "  - chaos: { deliveries: 99999999999 }",
        "  - chaos: { drop: 1.5, duplicate: -0.1 }", "  - repeat: 2147483647\n    steps:\n      - run_until_quiet",
        "  - tamper: { message: m1, to: bob/1, field: sequence, byte: 9 }", "  - tamper: { message: m1, to: bob/1, field: payload }",
        "  - advance_clock: 99999999999999999999d", "  - advance_clock: 0s", "  - frobnicate: all", "  - expect: { teapot: 1 }",
        "  - expect: { server: { count: 3 } }", "  - expect: { refused: { at: all, code: teapot } }", "  - restart: nobody/1",
        "  - create_group: { by: alice, name: g, members: all, managers: [alice, alice] }", "  - leave: { who: bob, group: nope }",
        "  - remove_members: { by: bob, group: g, users: [alice] }", "  - add_members: { by: alice, group: g, users: [alice] }",
        "  - send: { from: alice, to: \"group:g\", text: \"\\u0000\\u202e😀\" }", "  - compromise: { device: bob/1, as: adv }",
        "  - expect: { adversary_decrypts: { state: adv, message: m1 } }", "  - hold: { kind: teapot }", "  - release: all",
        "  - deliver: { order: [m1, m1, m1] }", "  - duplicate: all", "  - drop: all", "  - replay: { message: m1, to: all }",
        "users: { mallory: 65 }", "steps: 3", "seed: -1", "seed: 18446744073709551616", "suites: [rot13]", "store: floppy",
        "server: { one_time_pre_key_refill_threshold: 1001 }", "- ]", "\t- run_until_quiet", "  - { run_until_quiet: {}, expect: {} }",
        "  - &a { run_until_quiet: true }", "  - *a", "  - *nope", "%YAML 1.1", "---", "...", "  - 'unclosed", "  - [unclosed",
    ];

    private static readonly IReadOnlyList<string> BaseTexts =
        [.. BuiltInCatalog.FileNames.Where(f => Bases.Any(b => f[(f.IndexOf('-', StringComparison.Ordinal) + 1)..] == b + ".yaml")).Select(BuiltInCatalog.Text)];

    /// <summary>At most this many step runs for a generated file to be run too (keeps each run well under a second).</summary>
    private const long MostStepRunsToRun = 300;

    [Test]
    public void The_bases_are_found() => BaseTexts.Should().HaveCount(Bases.Length);

    [Test]
    public void A_broken_catalog_file_is_refused_with_a_position_or_runs_to_an_outcome()
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        Mutated().Sample(yaml => CheckAndRun(yaml, outcomes), iter: 300, threads: 1);

        TestContext.Progress.WriteLine("hostile runs: " + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
        outcomes.GetValueOrDefault("pass").Should().BePositive("some broken files still mean a scenario that passes");
        outcomes.Where(o => o.Key != "refused").Sum(o => o.Value).Should().BeGreaterThan(20, "a good share of the files is run, not only refused");
    }

    [Test]
    public void A_structurally_hostile_file_is_refused_with_a_position_or_runs_to_an_outcome()
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        Structural().Sample(yaml => CheckAndRun(yaml, outcomes), iter: 100, threads: 1);

        outcomes.Where(o => o.Key != "refused").Sum(o => o.Value).Should().BePositive("some structural files are run");
    }

    [Test]
    public void Broken_catalog_files_are_refused_with_a_position_or_loaded_never_thrown_at()
    {
        Gen.OneOf(Mutated(), Structural()).Sample(yaml => { Load(yaml); }, iter: 1000);
    }

    [TestCase(10_000)]
    [TestCase(100_000)]
    public void Nesting_deeper_than_the_limit_is_refused_before_the_stack_runs_out(int depth)
    {
        string yaml = "name: t\nusers: { alice: 1 }\nsteps: " + new string('[', depth) + new string(']', depth) + "\n";

        Action load = () => ScenarioLoader.Parse(yaml, "deep.yaml");

        ScenarioFormatException e = load.Should().Throw<ScenarioFormatException>().Which;
        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.Expected.Should().Be($"at most {ScenarioLoader.MaxNestingDepth} lists and mappings inside one another");
        e.At.Line.Should().Be(3);
    }

    [Test]
    public void An_alias_bomb_is_refused_before_it_is_read()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ScenarioFormatException e = FluentActions.Invoking(() => ScenarioLoader.Parse(AliasBomb(levels: 9), "bomb.yaml"))
            .Should().Throw<ScenarioFormatException>().Which;

        e.Code.Should().Be(ScenarioFormatException.BadValueCode);
        e.Expected.Should().Be($"at most {ScenarioLoader.MaxYamlNodes} YAML nodes with every alias (*name) expanded");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the expansion is measured, not made");
    }

    [Test]
    public void Aliases_that_nest_deeper_than_the_text_shows_are_refused()
    {
        var yaml = new StringBuilder("name: t\nusers: { alice: 1 }\nx0: &a0 [1]\n");
        for (int i = 1; i <= 40; i++)
        {
            yaml.Append(string.Create(CultureInfo.InvariantCulture, $"x{i}: &a{i} [[*a{i - 1}]]\n"));
        }

        ScenarioFormatException e = FluentActions.Invoking(() => ScenarioLoader.Parse(yaml + "steps: []\n", "deep.yaml"))
            .Should().Throw<ScenarioFormatException>().Which;

        e.Expected.Should().Be($"at most {ScenarioLoader.MaxNestingDepth} lists and mappings inside one another with every alias (*name) expanded");
    }

    [Test]
    public void Sequential_repeats_are_bounded_by_the_steps_a_run_may_take()
    {
        string yaml = "name: t\nusers: { alice: 1 }\nsteps:\n" + string.Concat(Enumerable.Repeat("  - repeat: 100000\n    steps:\n      - run_until_quiet\n", 11));

        ScenarioFormatException e = FluentActions.Invoking(() => ScenarioLoader.Parse(yaml, "long.yaml"))
            .Should().Throw<ScenarioFormatException>().Which;

        e.Code.Should().Be(ScenarioFormatException.BadValueCode);
        e.At.Line.Should().Be(33, "with the repeat steps themselves, the tenth repeat's body passes a million runs");
        e.Expected.Should().Be($"at most {ScenarioLoader.MaxStepRuns} steps run in all (a step inside repeats counts once per run)");
    }

    /// <summary>Loads the file; a refusal must be typed and positioned. Returns the scenario when it is accepted.</summary>
    private static Scenario? Load(string yaml)
    {
        try
        {
            return ScenarioLoader.Parse(yaml, "hostile.yaml");
        }
        catch (ScenarioFormatException e)
        {
            e.At.Line.Should().BePositive(yaml);
            e.Code.Should().StartWith("scenario_", yaml);
            e.Message.Should().StartWith("hostile.yaml:", yaml).And.NotContain("   at ", yaml);
            return null;
        }
    }

    /// <summary>Loads the file and, when it is accepted and short enough, runs it; counts what came of it.</summary>
    private static void CheckAndRun(string yaml, Dictionary<string, int> outcomes)
    {
        if (Load(yaml) is not { } scenario || StepRuns(scenario.Steps) > MostStepRunsToRun)
        {
            outcomes["refused"] = outcomes.GetValueOrDefault("refused") + 1;
            return;
        }

        // Every family the file names, each with its fast suite (ecc for E2EE Security, p256 for sender keys).
        foreach (PlannedRun planned in ScenarioRunner.Plan(scenario, [CipherSuite.Ecc.Name, "p256"], includeDisabled: true))
        {
            ScenarioResult result = ScenarioRunner.Run(planned, 7);
            string outcome = result.Outcome.ToString().ToLowerInvariant() + (ExceptionNamed().Match(result.Reason) is { Success: true } m ? " (" + m.Groups[1].Value + ")" : "");
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            result.Reason.Should().NotMatchRegex(HarnessBug(), $"a run ends with an outcome, not a harness exception:\n{yaml}\n{result.Transcript}");
            result.Transcript.Should().NotContain("   at ", yaml);
        }
    }

    /// <summary>A reason that names an exception of the runtime (a harness bug), e.g. "unexpected NullReferenceException: …".</summary>
    [GeneratedRegex("^unexpected (NullReference|IndexOutOfRange|KeyNotFound|InvalidCast|Overflow|ArgumentOutOfRange|Argument|ArgumentNull|InvalidOperation|Format|DivideByZero|NotImplemented|NotSupported|OutOfMemory|Arithmetic|Json|Yaml)[A-Za-z]*Exception")]
    private static partial Regex HarnessBug();

    [GeneratedRegex(@"^unexpected ([A-Za-z]+Exception)")]
    private static partial Regex ExceptionNamed();

    private static long StepRuns(IEnumerable<Step> steps) =>
        steps.Sum(s => s is RepeatStep r ? r.Times * StepRuns(r.Body) : 1L);

    /// <summary>A catalog file with one token replaced, a line inserted, removed, doubled or re-indented, or its end cut off.</summary>
    private static Gen<string> Mutated() =>
        Gen.Select(Gen.Int[0, BaseTexts.Count - 1], Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], (b, kind, x, y) =>
        {
            string text = BaseTexts[b];
            List<string> lines = [.. text.Split('\n')];
            int line = x % lines.Count;
            switch (kind)
            {
                case 0:
                    return text[..(x % text.Length)];
                case 1:
                    MatchCollection tokens = Token().Matches(text);
                    Match t = tokens[x % tokens.Count];
                    return text[..t.Index] + HostileValues[y % HostileValues.Length] + text[(t.Index + t.Length)..];
                case 2:
                    lines.Insert(line, HostileLines[y % HostileLines.Length]);
                    break;
                case 3:
                    lines.RemoveAt(line);
                    break;
                case 4:
                    lines.Insert(line, lines[line]);
                    break;
                default:
                    lines[line] = y % 2 == 0 ? " " + lines[line] : lines[line].TrimStart();
                    break;
            }

            return string.Join('\n', lines);
        });

    [GeneratedRegex(@"[A-Za-z0-9_/:.""{}-]+|[\[\]{},]")]
    private static partial Regex Token();

    /// <summary>Deep nesting, long chains of repeats, alias bombs, huge texts, many users, random characters.</summary>
    private static Gen<string> Structural() =>
        Gen.Select(Gen.Int[0, 6], Gen.Int[1, 200_000], (kind, n) => kind switch
        {
            0 => "name: t\nusers: { alice: 1 }\nsteps: " + new string('[', n % 5000) + new string(']', n % 5000) + "\n",
            1 => "name: t\nusers: { alice: 1 }\nsteps:\n" + string.Concat(Enumerable.Repeat("  - { expect: ", n % 3000)) + "\n",
            2 => NestedRepeats(1 + (n % 40)),
            3 => AliasBomb(1 + (n % 8)),
            4 => $"name: t\nusers: {{ alice: 1, bob: 1 }}\nsteps:\n  - register: all\n  - send: {{ from: alice, to: bob, text: \"{new string('x', n)}\", as: m1 }}\n",
            5 => "name: t\nusers:\n" + string.Concat(Enumerable.Range(0, n % 3000).Select(i => string.Create(CultureInfo.InvariantCulture, $"  u{i}: 64\n"))) + "steps: []\n",
            _ => RandomText(n),
        });

    private static string NestedRepeats(int levels)
    {
        var yaml = new StringBuilder("name: t\nusers: { alice: 1, bob: 1 }\nsteps:\n  - register: all\n");
        string indent = "  ";
        for (int i = 0; i < levels; i++)
        {
            yaml.Append(indent).Append("- repeat: 2\n").Append(indent).Append(string.Create(CultureInfo.InvariantCulture, $"  var: v{i}\n")).Append(indent).Append("  steps:\n");
            indent += "    ";
        }

        return yaml.Append(indent).Append("- send: { from: alice, to: bob, text: x }\n").ToString();
    }

    /// <summary>Each level is a list of ten aliases to the level below: ten to the power <paramref name="levels"/> steps from a few lines.</summary>
    private static string AliasBomb(int levels)
    {
        var yaml = new StringBuilder("name: t\nusers: { alice: 1 }\nsteps:\n  - register: all\n  - repeat: 1\n    var: v0\n    steps: &l0\n      - run_until_quiet\n");
        for (int i = 1; i <= levels; i++)
        {
            string alias = string.Join(", ", Enumerable.Repeat($"{{ repeat: 1, var: v{i}, steps: *l{i - 1} }}", 10));
            yaml.Append(string.Create(CultureInfo.InvariantCulture, $"  - repeat: 1\n    var: w{i}\n    steps: &l{i} [{alias}]\n"));
        }

        return yaml.ToString();
    }

    private static string RandomText(int seed)
    {
        var random = new Random(seed);
        const string alphabet = "abc:-[]{}&*!|>'\"#%@`,?\n\t 0123456789.\\é😀\u202e";
        return new string([.. Enumerable.Range(0, random.Next(1, 400)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
    }
}

using System.Globalization;
using System.Text;

namespace E2eeConformance.Cli.Tests;

/// <summary>
/// Issue 14 §2: hostile scenario files through the command line. <c>check</c> refuses each with its position and exit
/// code 2, <c>run --file</c> exits 2 the same way (it never starts a run <c>check</c> would refuse), a file both accept
/// runs to an outcome, and no output ever shows a stack trace.
/// </summary>
public sealed class HostileFileCliTests : CliFixture
{
    private const string Pair = "name: t\nusers: { alice: 1, bob: 1 }\nsteps:\n  - register: all\n";

    private static readonly (string Name, string Yaml)[] Refused =
    [
        ("huge-send", Pair + "  - send: { from: alice, to: bob, size: 2147483647 }\n"),
        ("huge-delay", Pair + "  - send: { from: alice, to: bob, text: x, as: m }\n  - delay: { message: m, steps: 2147483647 }\n"),
        ("nan-chaos", Pair + "  - chaos: { drop: .nan }\n"),
        ("deep", Pair + "  - " + new string('[', 20_000) + new string(']', 20_000) + "\n"),
        ("bomb", AliasBomb()),
        ("truncated", Pair + "  - send: { from: alice, to: bob, te"),
        ("unknown-code", Pair + "  - expect: { refused: { at: bob, code: teapot } }\n"),
        ("unicode-name", Pair + "  - send: { from: alicé, to: bob, text: \"\\u202e\" }\n"),
    ];

    [Test]
    public void Check_and_run_refuse_each_hostile_file_with_its_position_and_no_stack_trace()
    {
        foreach ((string name, string yaml) in Refused)
        {
            string file = Temp.Write(name + ".yaml", yaml);

            CliRun check = CliHarness.Invoke("check", "--file", file);
            CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");

            check.ExitCode.Should().Be(2, name);
            run.ExitCode.Should().Be(2, name);
            check.Error.Should().Contain(file + ":", name);
            run.Error.Should().Contain(file + ":", name);
            check.All.Should().NotContain("   at ", name).And.NotContain("Exception", name);
            run.All.Should().NotContain("   at ", name).And.NotContain("Exception", name);
        }
    }

    [Test]
    public void A_refused_request_nobody_expected_is_a_failed_run_not_a_crash()
    {
        string file = Temp.Write("refusal.yaml", "name: t\nusers: { alice: 1, bob: 1, carol: 1 }\nsteps:\n  - register: all\n"
            + "  - create_group: { by: alice, name: g, members: [bob, carol] }\n  - deliver: all\n  - remove_members: { by: bob, group: g, users: [carol] }\n");

        CliHarness.Invoke("check", "--file", file).ExitCode.Should().Be(0);
        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(1, run.All);
        run.All.Should().Contain("unexpected refusal(s) by the server").And.Contain("remove_members by bob/1 refused: forbidden");
        run.All.Should().NotContain("   at ").And.NotContain("DeviceRequestException");
    }

    private static string AliasBomb()
    {
        var yaml = new StringBuilder("name: t\nusers: { alice: 1 }\nl0: &l0 [run_until_quiet, run_until_quiet]\n");
        for (int i = 1; i <= 30; i++)
        {
            yaml.Append(string.Create(CultureInfo.InvariantCulture, $"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]\n"));
        }

        return yaml.Append("steps: []\n").ToString();
    }
}

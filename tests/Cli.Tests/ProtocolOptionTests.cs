namespace E2eeConformance.Cli.Tests;

/// <summary>Issue 15: <c>--protocol</c> selects protocol families, and the reports show the family axis.</summary>
public sealed class ProtocolOptionTests : CliFixture
{
    [Test]
    public void Protocol_sender_keys_runs_that_family_alone_shared_scenarios_included()
    {
        CliRun run = CliHarness.Invoke("run", "--protocol", "sender-keys", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.Ok, run.Error);
        List<string> lines = [.. run.OutLines.Where(l => l.StartsWith("PASS", StringComparison.Ordinal))];
        lines.Should().HaveCount(20).And.OnlyContain(l => l.Contains("[sender-keys/p256]", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("group-remove-member [sender-keys/p256]", StringComparison.Ordinal), "a shared scenario runs on the family");
        ResultsJson.Load(Temp.ReportDirectory).GetProperty("runs").EnumerateArray().Should().OnlyContain(r => r.GetProperty("protocol").GetString() == "sender-keys");
    }

    [Test]
    public void A_shared_scenario_runs_on_both_families_and_the_summary_shows_the_family_axis()
    {
        CliRun run = CliHarness.Invoke("run", "--scenario", "group-leave", "--suite", "ecc", "--suite", "p256", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.Ok, run.Error);
        run.Out.Should().Contain("PASS  group-leave [ecc]").And.Contain("PASS  group-leave [sender-keys/p256]");
        File.ReadAllText(Path.Combine(Temp.ReportDirectory, "summary.md")).Should().Contain("## Protocol families")
            .And.Contain("| e2ee-security | 1 |").And.Contain("| sender-keys | 1 |").And.Contain("1 scenario(s) ran on more than one family");
    }

    [Test]
    public void An_unknown_protocol_is_a_usage_error_naming_the_known_ones()
    {
        CliRun run = CliHarness.Invoke("run", "--protocol", "signal", "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("unknown protocol 'signal'; known: e2ee-security, sender-keys");
    }

    [Test]
    public void Check_refuses_a_step_the_named_family_cannot_run_with_its_position()
    {
        string file = Temp.Write("sk.yaml", "name: sk\nprotocol: sender-keys\nusers: { alice: 1, bob: 1 }\nsteps:\n  - register: all\n  - server: down\n");

        CliRun run = CliHarness.Invoke("check", "--file", file);

        run.ExitCode.Should().NotBe(ExitCodes.Ok);
        (run.Out + run.Error).Should().Contain("sk.yaml:6:5").And.Contain("expected what the sender-keys family runs").And.Contain("the step server has no meaning in sender-keys");
    }
}

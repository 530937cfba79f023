namespace E2eeConformance.Cli.Tests;

public sealed class ListAndCheckCommandTests : CliFixture
{
    [Test]
    public void List_shows_the_catalog()
    {
        CliRun run = CliHarness.Invoke("list");

        run.Out.Should().Contain("hello-one2one");
        run.OutLines.Single(l => l.StartsWith("hello-one2one ", StringComparison.Ordinal)).Should().Contain("one-to-one").And.Contain("ecc");
        run.ExitCode.Should().Be(0, "every catalog file loads ({0})", run.Error);
    }

    [Test]
    public void List_of_a_file_shows_its_scenario_with_the_disabled_suites_and_why()
    {
        string file = Temp.Write("wrong.yaml", Samples.WrongExpectation);

        CliRun run = CliHarness.Invoke("list", "--file", file);

        run.ExitCode.Should().Be(0);
        run.OutLines.Should().Contain(l => l.StartsWith("tiny-wrong ", StringComparison.Ordinal) && l.Contains("mlkem1024-slhdsa256s [1]", StringComparison.Ordinal));
        run.Out.Should().Contain("[1] disabled: SLH-DSA");
        run.Out.Should().NotContain("hello-one2one");
    }

    [Test]
    public void Check_says_ok_with_the_step_count_or_the_error()
    {
        string ok = Temp.Write("ok.yaml", Samples.Ok());
        string bad = Temp.Write("bad.yaml", Samples.UnknownKey);

        CliRun good = CliHarness.Invoke("check", "--file", ok);
        CliRun both = CliHarness.Invoke("check", "--file", ok, "--file", bad);

        good.ExitCode.Should().Be(0);
        good.Out.Should().Be("ok: tiny-ok (4 steps)" + Environment.NewLine);
        both.ExitCode.Should().Be(2);
        both.Out.Should().Contain("ok: tiny-ok (4 steps)");
        both.Error.Should().Contain(bad + ":8:").And.Contain("found key \"tex\"");
    }
}

namespace E2eeConformance.Cli.Tests;

public sealed class ShardTests : CliFixture
{
    [Test]
    public void The_three_shards_of_a_plan_together_run_every_run_of_it_exactly_once()
    {
        string[] selection = ShardedSelection.Write(Temp);
        string whole = Path.Combine(Temp.Directory, "whole");
        CliHarness.Invoke([.. selection, "--report", whole]);

        List<string> sharded = [];
        for (int k = 1; k <= 3; k++)
        {
            string dir = Path.Combine(Temp.Directory, $"shard{k}");
            CliRun run = CliHarness.Invoke([.. selection, "--shard", $"{k}/3", "--report", dir]);
            run.ExitCode.Should().NotBe(ExitCodes.Usage).And.NotBe(ExitCodes.NothingRan, "every shard gets a run to run");
            run.OutLines.Should().Contain(l => l.StartsWith($"shard: {k}/3 (", StringComparison.Ordinal) && l.EndsWith("of the plan's 10 runs)", StringComparison.Ordinal));
            ResultsJson.Load(dir).GetProperty("run").GetProperty("shard").GetProperty("index").GetInt32().Should().Be(k);
            sharded.AddRange(ResultsJson.Runs(dir));
        }

        IReadOnlyList<string> plan = ResultsJson.Runs(whole);
        plan.Should().HaveCount(10);
        sharded.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(plan);
    }

    [Test]
    public void Every_split_of_the_catalog_plan_is_disjoint_complete_balanced_and_in_plan_order()
    {
        RunOptions whole = new([], [], null, [], "unused", NoProgress: true, Transcripts: false, Jobs: 1);
        RunPlan unsharded = RunPlan.Build(whole, seed: null);
        for (int n = 1; n <= 7; n++)
        {
            List<int> indices = [];
            List<int> running = [];
            List<int> slow = [];
            for (int k = 1; k <= n; k++)
            {
                RunPlan shard = RunPlan.Build(whole with { Shard = new RunShard(k, n) }, seed: null);
                shard.PlanSize.Should().Be(unsharded.PlanSize);
                shard.Items.Select(i => i.Index).Should().BeInAscendingOrder();
                indices.AddRange(shard.Items.Select(i => i.Index));
                running.Add(shard.Items.Count(i => i.Run.Skip is null));
                slow.Add(shard.Items.Count(i => i.Run.Skip is null && i.Run.SuiteName == "mlkem1024-slhdsa256s"));
            }

            indices.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(unsharded.Items.Select(i => i.Index), $"the {n} shards hold the plan");
            (running.Max() - running.Min()).Should().BeLessThanOrEqualTo(1, $"the {n} shards get as many runs to run, give or take one");
            running.Should().OnlyContain(c => c > 0);
            if (n > 1)
            {
                slow.Max().Should().BeLessThan(slow.Sum(), $"the slow suite's runs spread over the {n} shards");
            }
        }
    }

    [Test]
    public void The_deal_orders_runs_by_fnv1a_64()
    {
        RunShard.Fnv1a64("").Should().Be(0xCBF29CE484222325UL);
        RunShard.Fnv1a64("a").Should().Be(0xAF63DC4C8601EC8CUL);
        RunShard.Fnv1a64("foobar").Should().Be(0x85944171F73967E8UL);
    }

    [TestCase("0/3", "the shard K must be from 1 to 3")]
    [TestCase("4/3", "the shard K must be from 1 to 3")]
    [TestCase("1/0", "the number of shards N must be from 1 to")]
    [TestCase("x", "--shard expects K/N")]
    [TestCase("1/3/3", "--shard expects K/N")]
    [TestCase("-1/3", "--shard expects K/N")]
    public void A_bad_shard_is_a_usage_error_saying_what_it_expects(string shard, string message)
    {
        string file = Temp.Write("ok.yaml", Samples.Ok());

        CliRun run = CliHarness.Invoke("run", "--file", file, "--suite", "ecc", "--shard", shard, "--report", Temp.ReportDirectory, "--no-progress");

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain(message);
        File.Exists(Path.Combine(Temp.ReportDirectory, "results.json")).Should().BeFalse();
    }
}

/// <summary>
/// A small selection of ten scenario × suite runs: three that pass, one that fails, one disabled per scenario (the
/// SLH-DSA suite, none of them being tagged small) and one unimplemented.
/// </summary>
internal static class ShardedSelection
{
    /// <summary>Writes the files and returns the arguments of <c>run</c> that select them.</summary>
    public static string[] Write(CliHarness temp)
    {
        string[] files =
        [
            temp.Write("a.yaml", Samples.Tagged("tiny-a", "tiny")),
            temp.Write("b.yaml", Samples.Tagged("tiny-b", "tiny")),
            temp.Write("wrong.yaml", Samples.WrongExpectation),
            temp.Write("c.yaml", Samples.Tagged("tiny-c", "tiny")),
            temp.Write("legacy.yaml", Samples.PartlyUnimplemented),
        ];
        return
        [
            "run", "--suite", "ecc", "--suite", "mlkem1024-slhdsa256s", "--suite", "skissm-kyber1024-dilithium5", "--no-progress",
            .. files.SelectMany(f => new[] { "--file", f }),
        ];
    }
}

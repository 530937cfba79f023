using System.Diagnostics;
using System.Globalization;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Fuzzing;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Fuzzing;

/// <summary>
/// Issue 14 §3's acceptance test: the fuzzer catches a deliberately broken engine (<see cref="IgnoresAccepts"/>) within
/// a bounded number of runs, shrinks the failure to a file of at most 10 steps, and that file, read back from disk, fails
/// the same way with the broken engine, passes with the real one, and is accepted by the loader (<c>check</c>).
/// </summary>
public sealed class BrokenEngineTests
{
    /// <summary>The most runs the fuzzer may need to find the broken engine.</summary>
    private const int MaxRuns = 20;

    /// <summary>The most steps (nested ones included) the shrunk file may have.</summary>
    private const int MaxShrunkSteps = 10;

    [Test]
    public void The_fuzzer_catches_an_engine_that_ignores_accepts_and_shrinks_it_to_a_small_file_that_replays()
    {
        string directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "fuzz-broken-engine");
        var options = new FuzzOptions(1, MaxRuns, FuzzProfile.One2One) { Interceptor = IgnoresAccepts.Interceptor, OutputDirectory = directory, Jobs = 2 };
        var watch = Stopwatch.StartNew();
        FuzzReport report = FuzzCampaign.Run(options);
        TestContext.Out.WriteLine(report.Summary);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole campaign with shrinking: {watch.Elapsed.TotalSeconds:F1} s"));

        report.Failures.Should().NotBeEmpty("an engine that ignores every accept never completes a session it started");
        FuzzFailure first = report.Failures[0];
        ShrinkResult shrunk = first.Shrunk!;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shrunk run {first.Index} from {shrunk.Original.StepCount} to {shrunk.Shrunk.StepCount} steps in {shrunk.Elapsed.TotalSeconds:F2} s ({shrunk.Runs} candidates): {shrunk.Signature}"));
        TestContext.Out.WriteLine(File.ReadAllText(first.File!));
        shrunk.Shrunk.StepCount.Should().BeLessThanOrEqualTo(MaxShrunkSteps);
        first.Reproduces.Should().BeTrue();

        var scenario = ScenarioLoader.LoadFile(first.File!);
        ScenarioResult broken = ScenarioRunner.Run(scenario, CipherSuite.Ecc, null, ImplementationAssignment.Engine, IgnoresAccepts.Interceptor);
        broken.Passed.Should().BeFalse();
        FailureSignature.Of(broken, scenario.Users.Select(u => u.Name)).Should().Be(first.Signature);
        ScenarioRunner.Run(scenario, CipherSuite.Ecc).Passed.Should().BeTrue("the shrunk file is a valid scenario only the broken engine fails");
    }

    [Test]
    public void Shrinking_keeps_the_failure_and_removes_what_does_not_cause_it()
    {
        var executor = new FuzzExecutor(CipherSuite.Ecc, IgnoresAccepts.Interceptor);
        FuzzScenario generated = Enumerable.Range(1, MaxRuns).Select(s => new FuzzGenerator(FuzzProfile.One2One).Generate((ulong)s))
            .First(s => executor.Run(s) is { Passed: false });
        ScenarioResult failed = executor.Run(generated)!;
        FailureSignature signature = FailureSignature.Of(failed, generated.Users.Select(u => u.Name));
        ShrinkResult shrunk = new FuzzShrinker(executor, reference: new FuzzExecutor(CipherSuite.Ecc)).Shrink(generated, signature);
        shrunk.Shrunk.StepCount.Should().BeLessThan(generated.StepCount);
        shrunk.Shrunk.Steps.Should().Contain(s => s.Keyword == "send");
        FailureSignature.Of(executor.Run(shrunk.Shrunk)!, shrunk.Shrunk.Users.Select(u => u.Name)).Should().Be(signature);
    }
}

using System.Diagnostics;
using System.Globalization;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;

namespace E2eeConformance.Scenarios.Running;

/// <summary>
/// One run of one scenario with one suite and one seed, on a fresh in-memory server with simulated devices
/// (ARCHITECTURE §Data flow): step → device → request → server → network (faults) → device → events → transcript →
/// expectations and invariants. Deterministic: every random choice comes from the seed (devices: their own streams
/// labelled by seed, suite and name; the network: <see cref="Simulation.SeededRandom"/>), time is virtual, ids are
/// sequential. The run coordinates: the shared state is a <see cref="RunContext"/>, steps go to a
/// <see cref="StepExecutor"/>, and the end of the run heals the network and checks the end invariants.
/// </summary>
internal sealed class ScenarioRun : IDisposable
{
    private readonly RunContext _run;
    private readonly InvariantChecker _invariants;
    private readonly StepExecutor _steps;

    /// <summary>
    /// A run of <paramref name="scenario"/> with <paramref name="suite"/> and <paramref name="seed"/>, not started;
    /// deliveries pass through <paramref name="interceptor"/> when one is given (a test double's seam).
    /// </summary>
    public ScenarioRun(Scenario scenario, CipherSuite suite, ulong seed, ImplementationAssignment? implementations = null, DeliveryInterceptor? interceptor = null)
    {
        _run = new RunContext(scenario, suite, seed, implementations) { Interceptor = interceptor };
        var events = new EventRecorder(_run);
        var delivery = new DeliveryLoop(_run, events);
        _invariants = new InvariantChecker(_run);
        _steps = new StepExecutor(_run, events, delivery, _invariants);
    }

    /// <summary>Runs every step, then heals the network and checks the end invariants; a failure or crash is the run's outcome.</summary>
    public ScenarioResult Execute()
    {
        var watch = Stopwatch.StartNew();
        Scenario scenario = _run.Scenario;
        _run.Say($"scenario {scenario.Name}");
        _run.Say(string.Create(CultureInfo.InvariantCulture, $"seed {_run.Seed}"));
        ScenarioOutcome outcome = ScenarioOutcome.Pass;
        string reason = "";
        string failedStep = "";
        try
        {
            foreach (Step step in scenario.Steps)
            {
                _steps.Run(step);
            }

            _run.CurrentStep = "end of run";
            _steps.Heal();
            _invariants.CheckStep();
            _invariants.CheckEnd();
            _run.Say("PASS");
        }
        catch (ImplementationUnimplemented missing)
        {
            outcome = ScenarioOutcome.Unimplemented;
            reason = missing.Message;
            failedStep = _run.CurrentStep;
            _run.Say($"UNIMPLEMENTED at {_run.CurrentStep}: {missing.Message}");
        }
        catch (Adapter.AdapterFailure shim)
        {
            outcome = ScenarioOutcome.Fail;
            reason = shim.Message;
            failedStep = _run.CurrentStep;
            _run.Say($"FAIL at {_run.CurrentStep}: {shim.Message}");
            _run.Say($"shim stderr (tail):\n{shim.StderrTail}");
        }
        catch (ScenarioFailure failure)
        {
            outcome = ScenarioOutcome.Fail;
            reason = failure.Message;
            failedStep = _run.CurrentStep;
            _run.Say($"FAIL at {_run.CurrentStep}: {failure.Message}");
        }
#pragma warning disable CA1031 // Anything the engine or server throws is a finding of this run, reported, not a crash of the harness.
        catch (Exception crash) when (crash is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            outcome = ScenarioOutcome.Fail;
            reason = $"unexpected {crash.GetType().Name}: {crash.Message}";
            failedStep = _run.CurrentStep;
            _run.Say($"FAIL at {_run.CurrentStep}: {reason}");
        }

        return new ScenarioResult(scenario.Name, _run.Suite.Name, _run.Seed, outcome, reason, failedStep, _run.Transcript.ToString(), _run.Diagram.Final(_run.Ledger), watch.Elapsed, scenario.Tags, scenario.Description)
        {
            SourceFile = scenario.SourceFile,
        };
    }

    /// <summary>Closes the devices' stores and deletes the run's files.</summary>
    public void Dispose() => _run.Dispose();
}

using System.Globalization;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// A step's <c>cost:</c> (<see cref="StepCost"/>): counts the engine's key derivations
/// (<see cref="KeyDerivationMeter"/>, every device's, on the run's thread) and the thread's CPU time
/// (<see cref="ThreadCpuTime"/>) while the step is carried out, and fails the run when either exceeds its bound. The
/// transcript names the bounds met, never the measured figures (which differ between suites and machines).
/// </summary>
internal sealed class StepCostMeter(RunContext run)
{
    /// <summary>Carries out <paramref name="body"/>, measured when the step has a cost.</summary>
    public void Measure(Step step, Action body)
    {
        if (step.Cost is not { } cost)
        {
            body();
            return;
        }

        if (cost.MaxKeyDerivations is not null && !run.Driver.AllEngine)
        {
            throw new ImplementationUnimplemented("cost: max_key_derivations counts the engine's own derivations; an implementation under test runs in its own process");
        }

        long derivations;
        TimeSpan before = ThreadCpuTime.Now();
        using (KeyDerivationMeter.Scope scope = KeyDerivationMeter.Begin())
        {
            body();
            derivations = scope.Derivations;
        }

        long cpuMs = (long)(ThreadCpuTime.Now() - before).TotalMilliseconds;
        List<string> met = [];
        if (cost.MaxKeyDerivations is { } maxDerivations)
        {
            if (derivations > maxDerivations)
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected the step to make at most {maxDerivations} key derivations, but it made {derivations}"));
            }

            met.Add(string.Create(CultureInfo.InvariantCulture, $"at most {maxDerivations} key derivations"));
        }

        if (cost.MaxCpuMilliseconds is { } maxCpu)
        {
            if (cpuMs > maxCpu)
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected the step to take at most {maxCpu} ms of CPU time, but it took {cpuMs} ms"));
            }

            met.Add(string.Create(CultureInfo.InvariantCulture, $"at most {maxCpu} ms of CPU time"));
        }

        run.Say("  ok: cost " + string.Join(", ", met));
    }
}

using System.Globalization;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// Carries out one step: numbers it, writes its header in the transcript and the diagram, hands it to the part of the
/// run that handles its kind, then checks the per-step invariants. A <c>repeat</c> runs its body once per value.
/// </summary>
internal sealed class StepExecutor
{
    private readonly RunContext _run;
    private readonly InvariantChecker _invariants;
    private readonly StepDescriber _describer;
    private readonly ActorSteps _actors;
    private readonly AdversarySteps _adversary;
    private readonly SendSteps _sends;
    private readonly GroupSteps _groups;
    private readonly DeliveryLoop _delivery;
    private readonly NetworkFaults _faults;
    private readonly ChaosSteps _chaos;
    private readonly MaliciousServer _server;
    private readonly ExpectationChecker _expectations;
    private readonly StepCostMeter _cost;

    /// <summary>An executor of steps on <paramref name="run"/>, with the run's shared delivery loop and invariant checks.</summary>
    public StepExecutor(RunContext run, EventRecorder events, DeliveryLoop delivery, InvariantChecker invariants)
    {
        _run = run;
        _invariants = invariants;
        _delivery = delivery;
        _describer = new StepDescriber(run.Bindings);
        _actors = new ActorSteps(run, events);
        _adversary = new AdversarySteps(run, delivery);
        _sends = new SendSteps(run, events);
        _groups = new GroupSteps(run, events);
        _faults = new NetworkFaults(run);
        _chaos = new ChaosSteps(run, delivery, _faults);
        _server = new MaliciousServer(run, _faults, _actors, delivery);
        _expectations = new ExpectationChecker(run);
        _cost = new StepCostMeter(run);
    }

    /// <summary>The end of the run: offline devices come back online, holds and delays end, everything is delivered.</summary>
    public void Heal() => _delivery.Heal(_actors.AllOnline);

    /// <summary>Runs one step (and, for a repeat, its body) and checks the invariants after it.</summary>
    public void Run(Step step)
    {
        _run.Step++;
        _run.CurrentStep = string.Create(CultureInfo.InvariantCulture, $"step {_run.Step} ({Where(step)}): {step.Keyword}");
        string header = string.Create(CultureInfo.InvariantCulture, $"#{_run.Step} {_describer.Describe(step)}");
        _run.Say(header);
        _run.Diagram.Note("server", header);
        _cost.Measure(step, () => Dispatch(step));
        _invariants.CheckStep();
    }

    private static string Where(Step step) => step.At.Line == 0 ? "fluent" : $"line {step.At.Line}";

    private void Dispatch(Step step)
    {
        _actors.RequireOnline(step);
        if (_server.IsDown && step is RegisterStep or AddDeviceStep or AddUserStep)
        {
            throw new ScenarioFailure($"expected the server to be up for {step.Keyword}, but it is down (write server: up first)");
        }

        switch (step)
        {
            case RegisterStep s: _actors.Register(s); break;
            case AddDeviceStep s: _actors.AddDevice(s); break;
            case AddUserStep s: _actors.AddUser(s); break;
            case OfflineStep s: _actors.Offline(s); break;
            case OnlineStep s: _actors.Online(s); break;
            case RestartStep s: _actors.Restart(s); break;
            case AdvanceClockStep s: _actors.AdvanceClock(s); break;
            case CompromiseStep s: _adversary.Compromise(s); break;
            case SendStep s: _sends.Send(s); break;
            case CreateGroupStep s: _groups.CreateGroup(s); break;
            case AddMembersStep s: _groups.AddMembers(s); break;
            case RemoveMembersStep s: _groups.RemoveMembers(s); break;
            case LeaveStep s: _groups.Leave(s); break;
            case AddGroupDeviceStep s: _groups.AddGroupDevice(s); break;
            case DeliverStep s: _delivery.Deliver(s); break;
            case HoldStep s: _faults.Hold(s); break;
            case ReleaseStep s: _faults.Release(s); break;
            case DropStep s: _faults.Drop(s); break;
            case DuplicateStep s: _faults.Duplicate(s); break;
            case DelayStep s: _faults.Delay(s); break;
            case ReplayStep s: _adversary.Replay(s); break;
            case TamperStep s: _adversary.Tamper(s); break;
            case RewriteStep s: _adversary.Rewrite(s); break;
            case RunUntilQuietStep: _delivery.RunUntilQuiet(); break;
            case ChaosStep s: _chaos.Chaos(s); break;
            case ServerStep s: _server.Act(s); break;
            case RepeatStep s: Repeat(s); break;
            case ExpectStep s: _expectations.Expect(s); break;
            default: throw new ScenarioFailure($"the runner does not know the step {step.Keyword}");
        }
    }

    private void Repeat(RepeatStep step)
    {
        for (int i = 1; i <= step.Times; i++)
        {
            _run.Bindings.Push(step.Variable, i);
            try
            {
                foreach (Step inner in step.Body)
                {
                    Run(inner);
                }
            }
            finally
            {
                _run.Bindings.Pop();
            }
        }
    }
}

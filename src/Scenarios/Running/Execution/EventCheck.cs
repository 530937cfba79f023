using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// The <c>event</c> expectation: each device of <c>at</c> raised the expected number of events of the kind (about
/// <c>of</c>, with <c>name</c>) so far in the run. A failure lists the events of that kind the device did raise.
/// </summary>
internal sealed class EventCheck(RunContext run)
{
    /// <summary>Checks the expectation at every device it names; the first that fails stops the run.</summary>
    public void Check(EventExpectation e)
    {
        string? of = e.Of is null ? null : run.Expand(e.Of);
        IReadOnlyCollection<string> about = of is null ? [] : run.Roster.DevicesOf(of);
        string? name = e.Name is null ? null : run.Expand(e.Name);
        string what = e.Kind + (of is null ? "" : " of " + of) + (name is null ? "" : $" naming \"{name}\"");
        foreach (string device in run.Roster.DevicesOf(e.At))
        {
            List<RecordedEvent> ofKind = [.. run.Findings.Events.Where(r => r.Device == device && r.Kind == e.Kind)];
            int found = ofKind.Count(r => (of is null || about.Contains(r.Subject)) && (name is null || r.Detail == name));
            if (!e.Expected.Contains(found))
            {
                string raised = ofKind.Count == 0 ? "none" : string.Join("; ", ofKind);
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected {e.Expected} event(s) {what} at {device}, but found {found}; its {e.Kind} events: {raised}"));
            }
        }

        run.Say(string.Create(CultureInfo.InvariantCulture, $"  ok: {e.Expected} × {what} at {run.Expand(e.At)}"));
    }
}

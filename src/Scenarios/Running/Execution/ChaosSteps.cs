using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>The <c>chaos</c> step: deliveries, drops and duplicates drawn from the seed (see <see cref="ChaosStep"/>).</summary>
internal sealed class ChaosSteps(RunContext run, DeliveryLoop delivery, NetworkFaults faults)
{
    /// <summary>How finely chaos probabilities are drawn (one in a million).</summary>
    private const int ChanceResolution = 1_000_000;

    /// <summary>Up to the step's number of deliveries, each to a device drawn from the seed, some dropped or duplicated.</summary>
    public void Chaos(ChaosStep step)
    {
        int made = 0, dropped = 0, duplicated = 0;
        while (made < step.Deliveries)
        {
            List<InFlightDelivery> deliverable = [.. run.Network.InFlight.Where(run.Deliverable)];
            if (deliverable.Count == 0)
            {
                break;
            }

            InFlightDelivery next;
            if (step.Reorder)
            {
                next = deliverable[run.Random.Next(deliverable.Count)];
            }
            else
            {
                List<string> recipients = [.. deliverable.Select(d => d.To).Distinct()];
                string to = recipients[run.Random.Next(recipients.Count)];
                next = deliverable.First(d => d.To == to);
            }

            made++;
            if (Chance(step.Drop))
            {
                run.Network.Remove(next);
                faults.Record(next, "chaos drops");
                dropped++;
                continue;
            }

            if (Chance(step.Duplicate))
            {
                next.Duplicates++;
                duplicated++;
            }

            delivery.DeliverOne(next);
        }

        run.Say(string.Create(CultureInfo.InvariantCulture, $"  chaos: {made} deliveries drawn, {dropped} dropped, {duplicated} duplicated, {run.Network.InFlight.Count} still in flight"));
    }

    /// <summary>True with the given probability, drawn from the seed.</summary>
    private bool Chance(double probability) => probability > 0 && run.Random.Next(ChanceResolution) < probability * ChanceResolution;
}

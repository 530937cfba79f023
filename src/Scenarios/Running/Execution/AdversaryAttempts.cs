using System.Globalization;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// An adversary's state copy at work (<c>adversary_decrypts</c> / <c>adversary_cannot_decrypt</c>). A copy-only
/// adversary tries the message as it was sent to the compromised device (or, if it was not sent there, the copy a
/// passive observer saw first). An observing adversary (<c>compromise: { observes: true }</c>) first feeds its copy
/// every delivery to the device it has seen and not yet fed, in server order, remembering what each gave; the answer for
/// a message it saw is what feeding it gave — exactly what the device's state plus the traffic allows.
/// </summary>
internal sealed class AdversaryAttempts(RunContext run)
{
    /// <summary>What the adversary gets from <paramref name="sent"/>: "decrypts …" or "cannot decrypt: …", and the device the copy was sent to.</summary>
    public (bool Decrypted, string Outcome, string To) Try(Adversary adversary, SentMessage sent)
    {
        if (adversary.Observes)
        {
            Observe(adversary);
            if (adversary.Outcomes.TryGetValue(sent.Name, out string? seen))
            {
                return (seen.StartsWith(Decrypts, StringComparison.Ordinal), seen, adversary.Device);
            }
        }

        InFlightDelivery observed = run.Network.History.FirstOrDefault(d => d.To == adversary.Device && run.Network.LabelOf(d) == sent.Name)
            ?? run.Network.History.FirstOrDefault(d => run.Network.LabelOf(d) == sent.Name)
            ?? throw new ScenarioFailure($"expected {sent.Name} to have crossed the network, but {MessageStatus.Of(run, sent.Name, null)}");
        string label = run.Injected.ToString(CultureInfo.InvariantCulture); // before the reissue, as the copy-only adversary always drew
        Wire.ProtoMsg copy = observed.Message.Clone();
        run.Reissue(copy);
        string outcome = Attempt(adversary, copy, label);
        return (outcome.StartsWith(Decrypts, StringComparison.Ordinal), outcome, observed.To);
    }

    private const string Decrypts = "decrypts";

    /// <summary>Feeds the copy every delivery to the device the adversary saw since the compromise and has not fed yet.</summary>
    public void Observe(Adversary adversary)
    {
        foreach (InFlightDelivery d in run.Network.History.Where(adversary.Sees).ToList())
        {
            if (!adversary.Fed.Add(d.ProtoMsgId))
            {
                continue;
            }

            string outcome = Attempt(adversary, d.Message.Clone(), "observed/" + d.ProtoMsgId);
            if (run.Network.LabelOf(d) is { } label)
            {
                adversary.Outcomes.TryAdd(label, outcome);
            }
        }
    }

    private string Attempt(Adversary adversary, Wire.ProtoMsg copy, string label)
    {
        var random = new ReferenceStreamRandom($"e2ee-conformance/{run.Seed}/{run.Suite.Name}/adversary/{adversary.Name}/{label}");
        (byte[]? plain, string? failure) = run.Driver.Attempt(adversary, copy, random);
        return plain is not null ? $"{Decrypts} {Transcript.Quote(plain)}"
            : failure is not null ? $"cannot decrypt: {failure}"
            : "cannot decrypt: no keys for it";
    }
}

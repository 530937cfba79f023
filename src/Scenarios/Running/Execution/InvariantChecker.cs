using System.Text;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// Invariants (issue: "checked after every step"): no plaintext reaches the server; nobody outside the intended
/// recipients at send time decrypts; nothing is decrypted twice; every decryption gives the bytes sent. At the end,
/// after every fault healed: every intended recipient (the allowed devices the sender's device knew of) decrypted
/// every message (unless a <c>not_received</c> expectation said otherwise), every protocol error and every refused
/// request was expected, and
/// the server's whole state holds no plaintext.
/// </summary>
internal sealed class InvariantChecker(RunContext run)
{
    /// <summary>How many undelivered messages or unexpected errors a failure message lists.</summary>
    private const int MaxListedInFailure = 20;

    /// <summary>After each step: fails with every violation seen so far.</summary>
    public void CheckStep()
    {
        if (run.Findings.Violations.Count > 0)
        {
            throw new ScenarioFailure("invariant violated: " + string.Join("; ", run.Findings.Violations.Distinct()));
        }
    }

    /// <summary>At the end, after the heal: delivery to every intended recipient, no unexpected error, no plaintext at the server.</summary>
    public void CheckEnd()
    {
        List<string> undelivered = [];
        foreach (SentMessage message in run.Ledger.Messages)
        {
            foreach (string device in message.Intended.Order(StringComparer.Ordinal))
            {
                if (!run.Findings.IsExcused(device, message.Name) && !run.Network.WasWithheld(device, message.Name) && !run.Ledger.HasReceived(device, message.Name))
                {
                    undelivered.Add($"{device} never decrypted {message.Name}{run.Findings.ErrorsFor(device, message.Name)}");
                }
            }
        }

        if (undelivered.Count > 0)
        {
            throw new ScenarioFailure("invariant violated: after every fault healed, every intended recipient decrypts — but " + string.Join("; ", undelivered.Take(MaxListedInFailure)) + (undelivered.Count > MaxListedInFailure ? $"; and {undelivered.Count - MaxListedInFailure} more" : ""));
        }

        FailOnUnclaimed(run.Findings.Errors, "unexpected protocol error(s), not claimed by an error expectation: ");
        FailOnUnclaimed(run.Findings.Refusals, "unexpected refusal(s) by the server, not claimed by a refused expectation: ");

        foreach (byte[] stored in run.Server.StoredBytes())
        {
            foreach (byte[] text in run.Findings.WatchedTexts)
            {
                if (stored.AsSpan().IndexOf(text) >= 0)
                {
                    throw new ScenarioFailure($"invariant violated: the server holds the plaintext {Transcript.Quote(text)}");
                }
            }
        }

        run.Say(new StringBuilder("invariants hold: ")
            .Append(run.Ledger.Messages.Count).Append(" message(s), every intended recipient decrypted, no plaintext at the server").ToString());
    }

    /// <summary>Fails listing what no expectation claimed (the first <see cref="MaxListedInFailure"/>), after <paramref name="sentence"/>.</summary>
    private static void FailOnUnclaimed<T>(IEnumerable<T> reported, string sentence)
        where T : IClaimable
    {
        List<T> unclaimed = [.. reported.Where(r => !r.Claimed)];
        if (unclaimed.Count > 0)
        {
            throw new ScenarioFailure(sentence + string.Join("; ", unclaimed.Take(MaxListedInFailure).Select(r => $"{r} — {r.Detail}")));
        }
    }
}

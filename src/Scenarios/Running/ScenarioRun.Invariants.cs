using System.Text;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running;

/// <summary>
/// Invariants (issue: "checked after every step"): no plaintext reaches the server; nobody outside the intended
/// recipients at send time decrypts; nothing is decrypted twice; every decryption gives the bytes sent. At the end,
/// after every fault healed: every intended recipient (the allowed devices the sender's device knew of) decrypted every message (unless a <c>not_received</c>
/// expectation said otherwise), every protocol error was expected, and the server's whole state holds no plaintext.
/// </summary>
internal sealed partial class ScenarioRun
{
    private void CheckStepInvariants()
    {
        if (_violations.Count > 0)
        {
            throw new ScenarioFailure("invariant violated: " + string.Join("; ", _violations.Distinct()));
        }
    }

    private void CheckEndInvariants()
    {
        List<string> undelivered = [];
        foreach (SentMessage message in _ledger.Messages)
        {
            foreach (string device in message.Intended.Order(StringComparer.Ordinal))
            {
                if (!_excused.Contains((device, message.Name)) && !_ledger.HasReceived(device, message.Name))
                {
                    undelivered.Add($"{device} never decrypted {message.Name}{ErrorsFor(device, message.Name)}");
                }
            }
        }

        if (undelivered.Count > 0)
        {
            throw new ScenarioFailure("invariant violated: after every fault healed, every intended recipient decrypts — but " + string.Join("; ", undelivered.Take(MaxListedInFailure)) + (undelivered.Count > MaxListedInFailure ? $"; and {undelivered.Count - MaxListedInFailure} more" : ""));
        }

        List<RecordedError> unexpected = [.. _errors.Where(e => !e.Claimed)];
        if (unexpected.Count > 0)
        {
            throw new ScenarioFailure("unexpected protocol error(s), not claimed by an error expectation: " + string.Join("; ", unexpected.Take(MaxListedInFailure).Select(e => $"{e} — {e.Detail}")));
        }

        foreach (byte[] stored in _server.StoredBytes())
        {
            foreach (byte[] text in _watchedTexts)
            {
                if (stored.AsSpan().IndexOf(text) >= 0)
                {
                    throw new ScenarioFailure($"invariant violated: the server holds the plaintext {Transcript.Quote(text)}");
                }
            }
        }

        _transcript.Line(new StringBuilder("invariants hold: ")
            .Append(_ledger.Messages.Count).Append(" message(s), every intended recipient decrypted, no plaintext at the server").ToString());
    }
}

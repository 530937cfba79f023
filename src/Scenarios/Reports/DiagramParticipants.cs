using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// Who takes part in a run's diagram and where each event goes: participants in first-appearance order, "server"
/// standing in for an empty end; the list is capped at <see cref="MaxEvents"/> events, the rest counted.
/// </summary>
internal sealed class DiagramParticipants
{
    /// <summary>The server's participant name.</summary>
    public const string Server = "server";

    /// <summary>How many events a diagram draws at most; the rest are summed up in a final note.</summary>
    public const int MaxEvents = 400;

    public DiagramParticipants(IReadOnlyList<DiagramEvent> events)
    {
        Shown = events.Count > MaxEvents ? events.Take(MaxEvents).ToList() : events;
        Omitted = events.Count - Shown.Count;
        List<string> names = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (DiagramEvent e in Shown)
        {
            string[] involved = e.Kind == DiagramEventKind.Note ? [NoteOver(e)] : [FromOf(e), ToOf(e)];
            foreach (string name in involved)
            {
                if (seen.Add(name))
                {
                    names.Add(name);
                }
            }
        }

        if (names.Count == 0)
        {
            names.Add(Server);
        }

        Names = names;
    }

    /// <summary>The events drawn, in order (at most <see cref="MaxEvents"/>).</summary>
    public IReadOnlyList<DiagramEvent> Shown { get; }

    /// <summary>How many events were left out.</summary>
    public int Omitted { get; }

    /// <summary>The participants, in first-appearance order (at least one: the server when there are no events).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The arrow's start: <see cref="DiagramEvent.From"/>, or the server when that is empty.</summary>
    public static string FromOf(DiagramEvent e) => e.From.Length > 0 ? e.From : Server;

    /// <summary>The arrow's end: <see cref="DiagramEvent.To"/>, or the server when that is empty.</summary>
    public static string ToOf(DiagramEvent e) => e.To.Length > 0 ? e.To : Server;

    /// <summary>Whom a note stands over: <see cref="DiagramEvent.From"/>, else <see cref="DiagramEvent.To"/>, else the server.</summary>
    public static string NoteOver(DiagramEvent e) => e.From.Length > 0 ? e.From : ToOf(e);

    /// <summary>The event's text: its label, plus " → outcome" when it has one.</summary>
    public static string Text(DiagramEvent e) => e.Outcome.Length > 0 ? $"{e.Label} → {e.Outcome}" : e.Label;

    /// <summary>The final note's text when events were left out.</summary>
    public string OmittedText => $"… {ReportFormat.Count(Omitted)} more events";
}

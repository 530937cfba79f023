using System.Globalization;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// What a run's sequence diagram draws, capped so that a large run stays readable: at most <see cref="MaxLanes"/>
/// participants get a lane of their own (first-appearance order among the drawn events, the server always among them),
/// the others share one last lane named "… N more participants"; at most <see cref="HeadEvents"/> first and
/// <see cref="TailEvents"/> last events are drawn (the end is where a failure shows), with one "… N more events" row
/// between them. The SVG and the Mermaid diagrams both draw these <see cref="Rows"/>.
/// </summary>
internal sealed class DiagramParticipants
{
    /// <summary>The server's participant name.</summary>
    public const string Server = "server";

    /// <summary>How many participants get a lane of their own; the rest share one "… N more participants" lane.</summary>
    public const int MaxLanes = 6;

    /// <summary>How many of a run's first events a diagram draws when it cannot draw them all.</summary>
    public const int HeadEvents = 30;

    /// <summary>How many of a run's last events a diagram draws when it cannot draw them all.</summary>
    public const int TailEvents = 120;

    /// <summary>A run with at most this many events is drawn whole.</summary>
    public const int MaxEvents = HeadEvents + TailEvents;

    private readonly HashSet<string> _laneSet;

    public DiagramParticipants(IReadOnlyList<DiagramEvent> events)
    {
        Omitted = Math.Max(0, events.Count - MaxEvents);
        IReadOnlyList<DiagramEvent> head = Omitted > 0 ? [.. events.Take(HeadEvents)] : events;
        IReadOnlyList<DiagramEvent> tail = Omitted > 0 ? [.. events.Skip(events.Count - TailEvents)] : [];

        List<string> drawn = Involved(head.Concat(tail));
        List<string> lanes = [.. drawn.Take(MaxLanes)];
        if (drawn.Count > MaxLanes && drawn.Contains(Server) && !lanes.Contains(Server))
        {
            lanes[^1] = Server;
        }

        if (lanes.Count == 0)
        {
            lanes.Add(Server);
        }

        _laneSet = new HashSet<string>(lanes, StringComparer.Ordinal);
        Hidden = Omitted > 0 || drawn.Count > lanes.Count ? Involved(events).Count(n => !_laneSet.Contains(n)) : 0;
        Overflow = Hidden > 0 ? $"… {Number(Hidden)} more participant{(Hidden == 1 ? "" : "s")}" : null;
        if (Overflow is not null)
        {
            lanes.Add(Overflow);
        }

        Names = lanes;
        List<DiagramRow> rows = [.. head.Select(Row)];
        if (Omitted > 0)
        {
            rows.Add(new DiagramRow(DiagramEventKind.Note, lanes[0], lanes[0], OmittedText, IsGap: true));
        }

        rows.AddRange(tail.Select(Row));
        Rows = rows;
    }

    /// <summary>What the diagram draws, in order: the events (mapped onto lanes) and, when events were left out, one gap row.</summary>
    public IReadOnlyList<DiagramRow> Rows { get; }

    /// <summary>How many events were left out.</summary>
    public int Omitted { get; }

    /// <summary>How many of the run's participants have no lane of their own.</summary>
    public int Hidden { get; }

    /// <summary>The shared last lane's name ("… 84 more participants"), or null when every participant has a lane.</summary>
    public string? Overflow { get; }

    /// <summary>The lanes, left to right (at least one: the server when there are no events); the overflow lane last.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The gap row's text when events were left out ("… 1,920 more events").</summary>
    public string OmittedText => $"… {Number(Omitted)} more event{(Omitted == 1 ? "" : "s")}";

    /// <summary>The arrow's start: <see cref="DiagramEvent.From"/>, or the server when that is empty.</summary>
    public static string FromOf(DiagramEvent e) => e.From.Length > 0 ? e.From : Server;

    /// <summary>The arrow's end: <see cref="DiagramEvent.To"/>, or the server when that is empty.</summary>
    public static string ToOf(DiagramEvent e) => e.To.Length > 0 ? e.To : Server;

    /// <summary>Whom a note stands over: <see cref="DiagramEvent.From"/>, else <see cref="DiagramEvent.To"/>, else the server.</summary>
    public static string NoteOver(DiagramEvent e) => e.From.Length > 0 ? e.From : ToOf(e);

    /// <summary>The event's text: its label, plus " → outcome" when it has one.</summary>
    public static string Text(DiagramEvent e) => e.Outcome.Length > 0 ? $"{e.Label} → {e.Outcome}" : e.Label;

    /// <summary>A count with thousands separators, invariant culture ("1,920").</summary>
    public static string Number(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static List<string> Involved(IEnumerable<DiagramEvent> events)
    {
        List<string> names = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (DiagramEvent e in events)
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

        return names;
    }

    /// <summary>An event on the lanes: a participant without a lane goes to the overflow lane, its name put before the text.</summary>
    private DiagramRow Row(DiagramEvent e)
    {
        string from = e.Kind == DiagramEventKind.Note ? NoteOver(e) : FromOf(e);
        string to = e.Kind == DiagramEventKind.Note ? from : ToOf(e);
        List<string> hidden = [.. new[] { from, to }.Distinct(StringComparer.Ordinal).Where(n => !_laneSet.Contains(n))];
        string text = hidden.Count == 0 ? Text(e) : $"{string.Join(" → ", hidden)}: {Text(e)}";
        return new DiagramRow(e.Kind, Lane(from), Lane(to), text, IsGap: false);
    }

    private string Lane(string name) => _laneSet.Contains(name) ? name : Overflow!;
}

/// <summary>One row of a capped diagram: an event between two lanes (the same lane for a note), or the "… N more events" gap.</summary>
/// <param name="Kind">The event's kind (a note for the gap).</param>
/// <param name="From">The lane the arrow starts at (the note's lane).</param>
/// <param name="To">The lane the arrow ends at (the note's lane).</param>
/// <param name="Text">What the row says.</param>
/// <param name="IsGap">Whether this row stands for the events left out.</param>
internal sealed record DiagramRow(DiagramEventKind Kind, string From, string To, string Text, bool IsGap);

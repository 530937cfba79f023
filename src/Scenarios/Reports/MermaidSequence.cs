using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// A run's diagram events as a Mermaid <c>sequenceDiagram</c>: one "participant" line per participant (safe ids p0,
/// p1, … aliased to the device names; the server as "server"), then one line per event — requests and deliveries as
/// solid arrows, faults as <c>-x</c> arrows, notes over one participant. At most 400 events are drawn, then a note
/// counts the rest. Characters that break Mermaid are written as its entity codes (<c>#59;</c>, <c>#35;</c>, …).
/// </summary>
public static class MermaidSequence
{
    /// <summary>The diagram's source, lines separated by "\n" (no trailing newline).</summary>
    public static string Render(ScenarioResult result) => Render(result.Diagram);

    /// <summary>The diagram's source for a list of events, lines separated by "\n" (no trailing newline).</summary>
    public static string Render(IReadOnlyList<DiagramEvent> events)
    {
        DiagramParticipants participants = new(events);
        Dictionary<string, string> ids = new(StringComparer.Ordinal);
        List<string> lines = ["sequenceDiagram"];
        int next = 0;
        foreach (string name in participants.Names)
        {
            if (name == DiagramParticipants.Server)
            {
                ids[name] = "server";
                lines.Add("    participant server as Server");
            }
            else
            {
                string id = $"p{ReportFormat.Count(next)}";
                next++;
                ids[name] = id;
                lines.Add($"    participant {id} as {Escape(name)}");
            }
        }

        foreach (DiagramEvent e in participants.Shown)
        {
            string text = Escape(DiagramParticipants.Text(e));
            lines.Add(e.Kind switch
            {
                DiagramEventKind.Note => $"    Note over {ids[DiagramParticipants.NoteOver(e)]}: {text}",
                DiagramEventKind.Fault => $"    {ids[DiagramParticipants.FromOf(e)]}-x {ids[DiagramParticipants.ToOf(e)]}: {text}",
                _ => $"    {ids[DiagramParticipants.FromOf(e)]}->>{ids[DiagramParticipants.ToOf(e)]}: {text}",
            });
        }

        if (participants.Omitted > 0)
        {
            lines.Add($"    Note over {ids[participants.Names[0]]}: {Escape(participants.OmittedText)}");
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// Text safe inside a Mermaid message, note or alias: on one line, with <c>; # " ' ` &lt; &gt; &amp;</c> written as
    /// Mermaid entity codes (<c>#59;</c>, <c>#35;</c>, <c>#quot;</c>, …).
    /// </summary>
    public static string Escape(string text)
    {
        StringBuilder escaped = new(text.Length);
        foreach (char c in ReportFormat.OneLine(text))
        {
            string? code = c switch
            {
                ';' => "#59;",
                '#' => "#35;",
                '"' => "#quot;",
                '\'' => "#39;",
                '`' => "#96;",
                '<' => "#lt;",
                '>' => "#gt;",
                '&' => "#amp;",
                _ => null,
            };
            if (code is null)
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append(code);
            }
        }

        return escaped.ToString();
    }
}

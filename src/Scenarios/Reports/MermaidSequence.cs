using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// A run's diagram events as a Mermaid <c>sequenceDiagram</c>: one "participant" line per participant (safe ids p0,
/// p1, … aliased to the device names; the server as "server"), then one line per event — requests and deliveries as
/// solid arrows, faults as <c>-x</c> arrows, notes over one participant. Large runs are capped as the SVG diagram is
/// (<see cref="DiagramParticipants"/>): a shared "… N more participants" lane and a "… N more events" note. Characters that break Mermaid are written as its entity codes (<c>#59;</c>, <c>#35;</c>, …).
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
                string id = name == participants.Overflow ? "more" : $"p{ReportFormat.Count(next++)}";
                ids[name] = id;
                lines.Add($"    participant {id} as {Escape(name)}");
            }
        }

        string first = ids[participants.Names[0]];
        string everyLane = participants.Names.Count == 1 ? first : $"{first},{ids[participants.Names[^1]]}";
        foreach (DiagramRow row in participants.Rows)
        {
            string text = Escape(row.Text);
            lines.Add(row.Kind switch
            {
                _ when row.IsGap => $"    Note over {everyLane}: {text}",
                DiagramEventKind.Note => $"    Note over {ids[row.From]}: {text}",
                DiagramEventKind.Fault => $"    {ids[row.From]}-x {ids[row.To]}: {text}",
                _ => $"    {ids[row.From]}->>{ids[row.To]}: {text}",
            });
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

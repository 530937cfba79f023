using System.Globalization;
using System.Net;
using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// A run's diagram events drawn as an inline SVG sequence diagram by our own code (no script, no network): a header
/// box and a dashed vertical lifeline per participant (first-appearance order), one row every 22 px per event —
/// requests and deliveries as arrows with their label above, faults as red dashed lines ending in ✗, notes as yellow
/// boxes over their participant. The width grows with the participant count; at most 400 events are drawn, then a
/// note counts the rest. Every text is HTML-escaped and also given in full as the row's &lt;title&gt; (hover).
/// The element carries no xmlns: it is meant to be embedded in an HTML page.
/// </summary>
public static class SvgSequenceDiagram
{
    /// <summary>The vertical distance between two events, in px.</summary>
    public const int RowHeight = 22;

    /// <summary>The horizontal distance between two lifelines, in px.</summary>
    public const int ColumnWidth = 200;

    private const int Margin = 20;
    private const int HeaderTop = 10;
    private const int HeaderHeight = 28;
    private const int FirstRow = HeaderTop + HeaderHeight + 24;
    private const double CharWidth = 6.5;
    private const string FaultColor = "#d62728";

    /// <summary>The &lt;svg&gt; element for the events (a single "no events" note when there are none).</summary>
    public static string Render(IReadOnlyList<DiagramEvent> events)
    {
        DiagramParticipants participants = new(events);
        IReadOnlyList<string> names = participants.Names;
        int rows = Math.Max(1, participants.Shown.Count + (participants.Omitted > 0 ? 1 : 0));
        int width = (2 * Margin) + (names.Count * ColumnWidth);
        int height = FirstRow + (rows * RowHeight);

        StringBuilder svg = new();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"seq\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"sequence diagram\" font-family=\"sans-serif\" font-size=\"11\">\n");
        for (int i = 0; i < names.Count; i++)
        {
            Participant(svg, names[i], X(i), height);
        }

        Dictionary<string, int> column = new(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            column[names[i]] = X(i);
        }

        int y = FirstRow;
        foreach (DiagramEvent e in participants.Shown)
        {
            string text = DiagramParticipants.Text(e);
            if (e.Kind == DiagramEventKind.Note)
            {
                Note(svg, column[DiagramParticipants.NoteOver(e)], y, text);
            }
            else
            {
                Arrow(svg, e.Kind, column[DiagramParticipants.FromOf(e)], column[DiagramParticipants.ToOf(e)], y, text);
            }

            y += RowHeight;
        }

        if (participants.Omitted > 0)
        {
            Note(svg, X(0), y, participants.OmittedText);
        }
        else if (participants.Shown.Count == 0)
        {
            Note(svg, X(0), y, "no events");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static int X(int column) => Margin + (column * ColumnWidth) + (ColumnWidth / 2);

    private static void Participant(StringBuilder svg, string name, int x, int height)
    {
        const int boxWidth = ColumnWidth - 16;
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"lifeline\" x1=\"{x}\" y1=\"{HeaderTop + HeaderHeight}\" x2=\"{x}\" y2=\"{height - 6}\" stroke=\"#9aa3b0\" stroke-dasharray=\"4 3\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"participant\"><title>{Html(name)}</title><rect x=\"{x - (boxWidth / 2)}\" y=\"{HeaderTop}\" width=\"{boxWidth}\" height=\"{HeaderHeight}\" rx=\"4\" fill=\"#e8eefc\" stroke=\"#4a6fb5\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{HeaderTop + 18}\" text-anchor=\"middle\" font-weight=\"bold\" font-size=\"12\">{Html(Fit(name, boxWidth - 8))}</text></g>\n");
    }

    private static void Arrow(StringBuilder svg, DiagramEventKind kind, int x1, int x2, int y, string text)
    {
        bool fault = kind == DiagramEventKind.Fault;
        string stroke = fault ? $"stroke=\"{FaultColor}\" stroke-dasharray=\"5 3\"" : "stroke=\"#333\"";
        string kindClass = kind.ToString().ToLowerInvariant();
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"{kindClass}\"><title>{Html(text)}</title>");
        int labelX;
        int labelRoom;
        string anchor;
        int tipX;
        if (x1 == x2)
        {
            // A participant's event to itself: a small loop to the right of its lifeline.
            tipX = x1;
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{x1},{y - 7} {x1 + 28},{y - 7} {x1 + 28},{y + 3} {x1 + (fault ? 6 : 8)},{y + 3}\" fill=\"none\" {stroke}/>");
            labelX = x1 + 34;
            labelRoom = ColumnWidth - 40;
            anchor = "start";
            y += 3;
        }
        else
        {
            int direction = Math.Sign(x2 - x1);
            tipX = x2;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2 - (direction * (fault ? 6 : 8))}\" y2=\"{y}\" {stroke}/>");
            labelX = (x1 + x2) / 2;
            labelRoom = Math.Abs(x2 - x1) - 12;
            anchor = "middle";
        }

        if (fault)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{tipX}\" y=\"{y + 5}\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"{FaultColor}\">✗</text>");
        }
        else
        {
            int direction = x1 == x2 ? -1 : Math.Sign(x2 - x1);
            int baseX = tipX - (direction * 8);
            svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{tipX},{y} {baseX},{y - 4} {baseX},{y + 4}\" fill=\"#333\"/>");
        }

        int textY = x1 == x2 ? y - 6 : y - 5;
        string fill = fault ? $" fill=\"{FaultColor}\"" : string.Empty;
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelX}\" y=\"{textY}\" text-anchor=\"{anchor}\"{fill}>{Html(Fit(text, labelRoom))}</text></g>\n");
    }

    private static void Note(StringBuilder svg, int x, int y, string text)
    {
        const int boxWidth = ColumnWidth - 20;
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"note\"><title>{Html(text)}</title><rect x=\"{x - (boxWidth / 2)}\" y=\"{y - 12}\" width=\"{boxWidth}\" height=\"17\" fill=\"#fff3b0\" stroke=\"#d4b106\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{y + 1}\" text-anchor=\"middle\">{Html(Fit(text, boxWidth - 8))}</text></g>\n");
    }

    /// <summary>The text on one line, cut with "…" to what fits in <paramref name="room"/> px.</summary>
    private static string Fit(string text, int room)
    {
        string line = ReportFormat.OneLine(text);
        int max = Math.Max(4, (int)(room / CharWidth));
        if (line.Length <= max)
        {
            return line;
        }

        int cut = max - 1;
        if (char.IsHighSurrogate(line[cut - 1]))
        {
            cut--;
        }

        return string.Concat(line.AsSpan(0, cut), "…");
    }

    private static string Html(string text) => WebUtility.HtmlEncode(ReportFormat.OneLine(text));
}

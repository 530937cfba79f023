using System.Globalization;
using System.Net;
using System.Text;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// A run's diagram events drawn as an inline SVG sequence diagram by our own code (no script, no network): a header
/// box (repeated at the bottom) and a dashed vertical lifeline per lane, one row every <see cref="RowHeight"/> px per
/// event — requests and deliveries as arrows with their label above, faults as red dashed lines ending in ✗, notes as
/// yellow boxes over their participant. Large runs are capped (<see cref="DiagramParticipants"/>): at most
/// <see cref="DiagramParticipants.MaxLanes"/> lanes plus a grey "… N more participants" lane, at most
/// <see cref="DiagramParticipants.MaxEvents"/> events with a grey "… N more events" row. Every text is HTML-escaped and
/// also given in full as the row's &lt;title&gt; (hover). The element carries no xmlns: it is meant to be embedded in
/// an HTML page.
/// </summary>
public static class SvgSequenceDiagram
{
    /// <summary>The vertical distance between two events, in px.</summary>
    public const int RowHeight = 26;

    /// <summary>The horizontal distance between two lifelines, in px.</summary>
    public const int ColumnWidth = 180;

    /// <summary>The font size of labels and notes, in px.</summary>
    public const int FontSize = 12;

    private const int Margin = 20;
    private const int HeaderTop = 10;
    private const int HeaderHeight = 28;
    private const int FirstRow = HeaderTop + HeaderHeight + 26;
    private const double CharWidth = 7.0;
    private const string FaultColor = "#c62828";
    private const string MutedColor = "#57606a";

    /// <summary>
    /// The &lt;svg&gt; element for the events (a single "no events" note when there are none); a
    /// <paramref name="failure"/> text ends the diagram in a red band across every lane.
    /// </summary>
    public static string Render(IReadOnlyList<DiagramEvent> events, string? failure = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        DiagramParticipants participants = new(events);
        IReadOnlyList<string> names = participants.Names;
        int rows = Math.Max(1, participants.Rows.Count) + (failure is null ? 0 : 1);
        int width = (2 * Margin) + (names.Count * ColumnWidth);
        int footerTop = FirstRow + (rows * RowHeight) - 8;
        int height = footerTop + HeaderHeight + HeaderTop;

        StringBuilder svg = new();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"seq\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"sequence diagram, {names.Count} lanes, {rows} rows\" font-family=\"system-ui, sans-serif\" font-size=\"{FontSize}\">\n");
        Dictionary<string, int> column = new(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            column[names[i]] = X(i);
            bool overflow = names[i] == participants.Overflow;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"lifeline\" x1=\"{X(i)}\" y1=\"{HeaderTop + HeaderHeight}\" x2=\"{X(i)}\" y2=\"{footerTop}\" stroke=\"#9aa3b0\" stroke-dasharray=\"4 3\"/>\n");
            Participant(svg, names[i], X(i), HeaderTop, overflow);
            Participant(svg, names[i], X(i), footerTop, overflow);
        }

        int y = FirstRow;
        foreach (DiagramRow row in participants.Rows)
        {
            if (row.IsGap)
            {
                Band(svg, "gap", width, y, row.Text);
            }
            else if (row.Kind == DiagramEventKind.Note)
            {
                Note(svg, column[row.From], y, width, row.Text);
            }
            else
            {
                Arrow(svg, row.Kind, column[row.From], column[row.To], y, width, row.Text);
            }

            y += RowHeight;
        }

        if (participants.Rows.Count == 0)
        {
            Note(svg, X(0), y, width, "no events");
            y += RowHeight;
        }

        if (failure is not null)
        {
            Band(svg, "failure", width, y, failure);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static int X(int column) => Margin + (column * ColumnWidth) + (ColumnWidth / 2);

    private static void Participant(StringBuilder svg, string name, int x, int top, bool overflow)
    {
        const int boxWidth = ColumnWidth - 16;
        string box = overflow ? "fill=\"#f2f3f5\" stroke=\"#8c959f\" stroke-dasharray=\"4 2\"" : "fill=\"#e8eefc\" stroke=\"#4a6fb5\"";
        string font = overflow ? $"font-style=\"italic\" fill=\"{MutedColor}\"" : "font-weight=\"bold\"";
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"participant\"><title>{Html(name)}</title><rect x=\"{x - (boxWidth / 2)}\" y=\"{top}\" width=\"{boxWidth}\" height=\"{HeaderHeight}\" rx=\"4\" {box}/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{top + 19}\" text-anchor=\"middle\" {font} font-size=\"13\">{Html(Fit(name, boxWidth - 8))}</text></g>\n");
    }

    private static void Arrow(StringBuilder svg, DiagramEventKind kind, int x1, int x2, int y, int width, string text)
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
            labelRoom = width - labelX - Margin;
            anchor = "start";
            y += 3;
        }
        else
        {
            int direction = Math.Sign(x2 - x1);
            tipX = x2;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2 - (direction * (fault ? 6 : 8))}\" y2=\"{y}\" {stroke}/>");
            // Centered over the arrow when it fits; else from the arrow's left end on, over the lifelines beyond it.
            labelX = (x1 + x2) / 2;
            labelRoom = Math.Abs(x2 - x1) - 12;
            anchor = "middle";
            if (ReportFormat.OneLine(text).Length * CharWidth > labelRoom)
            {
                labelX = Math.Min(x1, x2) + 12;
                labelRoom = width - labelX - Margin;
                anchor = "start";
            }
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

    /// <summary>A note over a lane: at least a column wide, wider (to the right, over other lifelines) when its text needs it.</summary>
    private static void Note(StringBuilder svg, int x, int y, int width, string text)
    {
        const int minWidth = ColumnWidth - 20;
        int left = x - (minWidth / 2);
        int boxWidth = Math.Clamp((int)(ReportFormat.OneLine(text).Length * CharWidth) + 12, minWidth, Math.Max(minWidth, width - left - (Margin / 2)));
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"note\"><title>{Html(text)}</title><rect x=\"{left}\" y=\"{y - 14}\" width=\"{boxWidth}\" height=\"20\" fill=\"#fff3b0\" stroke=\"#d4b106\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (boxWidth / 2)}\" y=\"{y + 1}\" text-anchor=\"middle\">{Html(Fit(text, boxWidth - 8))}</text></g>\n");
    }

    /// <summary>A band across every lane: grey for the "… N more events" gap, red for the failure that ended the run.</summary>
    private static void Band(StringBuilder svg, string kind, int width, int y, string text)
    {
        bool failure = kind == "failure";
        string colors = failure ? $"fill=\"#fde8e8\" stroke=\"{FaultColor}\"" : "fill=\"#f2f3f5\" stroke=\"#8c959f\" stroke-dasharray=\"4 2\"";
        string font = failure ? $"font-weight=\"bold\" fill=\"{FaultColor}\"" : $"font-style=\"italic\" fill=\"{MutedColor}\"";
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"{kind}\"><title>{Html(text)}</title><rect x=\"{Margin / 2}\" y=\"{y - 14}\" width=\"{width - Margin}\" height=\"20\" {colors}/>");
        string at = failure ? $"x=\"{Margin}\" text-anchor=\"start\"" : $"x=\"{width / 2}\" text-anchor=\"middle\"";
        svg.Append(CultureInfo.InvariantCulture, $"<text {at} y=\"{y + 1}\" {font}>{Html(Fit(text, width - (2 * Margin)))}</text></g>\n");
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

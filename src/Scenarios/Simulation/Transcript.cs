using System.Text;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// The run's transcript: steps and what happened, one event per line, with scenario names only (no random ids, no
/// times, nothing suite-specific), so the same scenario and seed give the same bytes — and usually for every suite.
/// </summary>
public sealed class Transcript
{
    private readonly StringBuilder _text = new();
    private int _lines;

    /// <summary>How many lines were written.</summary>
    public int Lines => _lines;

    /// <summary>Appends one line.</summary>
    public void Line(string line)
    {
        if (_lines > 0)
        {
            _text.Append('\n');
        }

        _text.Append(line);
        _lines++;
    }

    /// <summary>The whole transcript, lines separated by <c>\n</c> (no trailing newline).</summary>
    public override string ToString() => _text.ToString();

    /// <summary>How many bytes of a text a transcript line shows.</summary>
    public const int MaxQuotedBytes = 48;

    /// <summary>Quotes a text for the transcript: printable ASCII as is, other bytes as \xNN, long texts shortened.</summary>
    public static string Quote(ReadOnlySpan<byte> text)
    {
        var sb = new StringBuilder("\"");
        int shown = Math.Min(text.Length, MaxQuotedBytes);
        foreach (byte b in text[..shown])
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'"' && b != (byte)'\\')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }

        sb.Append('"');
        if (text.Length > shown)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"…({text.Length} bytes)");
        }

        return sb.ToString();
    }
}

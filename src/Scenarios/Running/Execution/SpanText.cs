using System.Globalization;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>How a duration reads in transcripts: days, hours, minutes and seconds, zero parts left out ("1d2h", "30s", "0s").</summary>
internal static class SpanText
{
    /// <summary>The duration as "1d2h3m4s" without its zero parts (at least the seconds).</summary>
    public static string Format(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Days}d"));
        }

        if (span.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h"));
        }

        if (span.Minutes > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m"));
        }

        if (span.Seconds > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Seconds}s"));
        }

        return string.Concat(parts);
    }
}

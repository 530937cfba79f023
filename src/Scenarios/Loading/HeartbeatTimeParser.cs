using System.Globalization;
using System.Text.RegularExpressions;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// Reads the time of a forged heartbeat (<see cref="HeartbeatTime"/>): a sign, an optional number of years (365 days
/// each), then an optional duration as <c>advance_clock</c> takes it (<c>+30d</c>, <c>-1y</c>, <c>+1y12h</c>), at most
/// <see cref="HeartbeatTime.MaxOffset"/> either way; or Unix milliseconds (<c>1750000000000</c>).
/// </summary>
internal static partial class HeartbeatTimeParser
{
    /// <summary>What the format accepts, for errors.</summary>
    public const string Expected = "an offset from the run's clock like +30d, -1y or +1y12h (at most 1000y), or Unix milliseconds";

    /// <summary>
    /// Parses the text; false when malformed or out of range. An absolute time is a number, so
    /// <paramref name="quoted"/> text (<c>"5"</c>) is only an offset, as every number of the format.
    /// </summary>
    public static bool TryParse(string text, bool quoted, out HeartbeatTime? time)
    {
        time = null;
        if (!quoted && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long ms))
        {
            time = HeartbeatTime.At(ms);
            return true;
        }

        Match m = OffsetRegex().Match(text);
        if (!m.Success || (!m.Groups["y"].Success && m.Groups["rest"].Length == 0))
        {
            return false;
        }

        int years = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        TimeSpan rest = TimeSpan.Zero;
        if (years > 1000 || (m.Groups["rest"].Length > 0 && !ScenarioLoader.TryParseDuration(m.Groups["rest"].Value, out rest)) || rest > HeartbeatTime.MaxOffset)
        {
            return false;
        }

        TimeSpan offset = TimeSpan.FromDays(365L * years) + rest;
        if (offset > HeartbeatTime.MaxOffset)
        {
            return false;
        }

        time = HeartbeatTime.By(m.Groups["sign"].Value == "-" ? -offset : offset);
        return true;
    }

    [GeneratedRegex(@"^(?<sign>[+-])(?:(?<y>[0-9]{1,4})y)?(?<rest>[0-9dhms]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetRegex();
}

using System.Text;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// One generated step as data (issue 14 §3): its keyword, its value (none for <c>run_until_quiet</c>) and, for a
/// <c>repeat</c>, the nested steps. <see cref="Write"/> gives the scenario-file lines the loader reads back.
/// </summary>
/// <param name="Keyword">The step's keyword (<c>send</c>, <c>repeat</c>, …).</param>
/// <param name="Value">Its value, or null for a bare keyword.</param>
/// <param name="Body">The nested steps of a <c>repeat</c> (empty otherwise).</param>
public sealed record FuzzStep(string Keyword, FuzzValue? Value, IReadOnlyList<FuzzStep> Body)
{
    /// <summary>A step without nested steps.</summary>
    public FuzzStep(string keyword, FuzzValue? value = null)
        : this(keyword, value, [])
    {
    }

    /// <summary>The repeat keyword.</summary>
    public const string RepeatKeyword = "repeat";

    /// <summary>
    /// The keyword of the generator's closing convergence block (<see cref="ConvergenceBlock"/>): not a step of the
    /// format but a run of ordinary steps written in place, which the shrinker keeps or removes as one and rewrites for
    /// the members the scenario has left.
    /// </summary>
    public const string ConvergeKeyword = "converge";

    /// <summary>Whether this is the closing convergence block.</summary>
    public bool IsConverge => Keyword == ConvergeKeyword;

    /// <summary>Whether this is a <c>repeat</c> with nested steps.</summary>
    public bool IsRepeat => Keyword == RepeatKeyword;

    /// <summary>The steps it counts as: itself and every nested step (a repeat's body once).</summary>
    public int Count => (IsConverge ? 0 : 1) + Body.Sum(s => s.Count);

    /// <summary>Whether the step names <paramref name="user"/> or one of its devices anywhere (texts are never names).</summary>
    public bool Mentions(string user) =>
        Names.Any(n => n == user || (n.Contains('/', StringComparison.Ordinal) && FuzzWorld.UserOf(n) == user)) || Body.Any(s => s.Mentions(user));

    /// <summary>Whether the step names exactly this device anywhere.</summary>
    public bool MentionsDevice(string device) => Names.Contains(device, StringComparer.Ordinal) || Body.Any(s => s.MentionsDevice(device));

    /// <summary>The names the step's own value uses.</summary>
    private IEnumerable<string> Names => Value?.Names ?? [];

    /// <summary>The step's lines, each starting with <paramref name="indent"/>: <c>- keyword: value</c>, then a repeat's body.</summary>
    public void Write(StringBuilder yaml, string indent)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (IsConverge)
        {
            foreach (FuzzStep inner in Body)
            {
                inner.Write(yaml, indent);
            }

            return;
        }

        yaml.Append(indent).Append("- ").Append(Keyword);
        if (Value is not null)
        {
            yaml.Append(": ").Append(Value.Yaml);
        }

        yaml.Append('\n');
        if (Body.Count > 0)
        {
            yaml.Append(indent).Append("  steps:\n");
            foreach (FuzzStep inner in Body)
            {
                inner.Write(yaml, indent + "    ");
            }
        }
    }
}

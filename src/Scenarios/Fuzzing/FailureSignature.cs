using System.Text.RegularExpressions;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// How a run failed, as the shrinker compares failures ("fails the same way", issue 14 §3): the outcome, the keyword of
/// the step it failed at (<c>send</c>, <c>expect</c>, or <c>end of run</c> for the end-of-run invariants), and the
/// reason's class — its first sentence up to the first <c>;</c> or <c> — </c> (the first violation, without its
/// detail), with the scenario's names (devices, users, messages, groups) and every number replaced by placeholders,
/// parenthesised asides dropped, at most <see cref="MaxReasonWords"/> words. So <c>bob/1 never decrypted m7</c> and
/// <c>alice/2 never decrypted m1</c> are the same failure, an unexpected <c>bad_tag</c> and an unexpected
/// <c>replay</c> are not, and a shrunk scenario that became invalid (a step naming a device no longer registered)
/// fails differently and is rejected.
/// </summary>
/// <param name="Outcome">The run's outcome.</param>
/// <param name="Step">The failed step's keyword, or <c>end of run</c>.</param>
/// <param name="ReasonClass">The normalised reason.</param>
public sealed partial record FailureSignature(ScenarioOutcome Outcome, string Step, string ReasonClass)
{
    /// <summary>The most words of the reason a signature keeps.</summary>
    public const int MaxReasonWords = 20;

    /// <summary>The signature of <paramref name="result"/>, whose scenario has the users <paramref name="users"/>.</summary>
    public static FailureSignature Of(ScenarioResult result, IEnumerable<string> users)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(users);
        return new FailureSignature(result.Outcome, StepKeyword(result.FailedStep), Normalise(result.Reason, users));
    }

    /// <summary>The keyword of <c>step 7 (line 23): send</c> (<c>send</c>), or the text itself (<c>end of run</c>).</summary>
    public static string StepKeyword(string failedStep)
    {
        ArgumentNullException.ThrowIfNull(failedStep);
        int colon = failedStep.LastIndexOf("): ", StringComparison.Ordinal);
        return colon < 0 ? failedStep : failedStep[(colon + 3)..];
    }

    /// <summary>The reason's class (see the type's summary).</summary>
    public static string Normalise(string reason, IEnumerable<string> users)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(users);
        string first = reason.Split('\n')[0];
        int cut = first.IndexOfAny([';']);
        first = cut < 0 ? first : first[..cut];
        int dash = first.IndexOf(" — ", StringComparison.Ordinal);
        if (dash >= 0 && first.IndexOf(" — but ", StringComparison.Ordinal) != dash)
        {
            first = first[..dash];
        }

        string text = Aside().Replace(first, "");
        text = DeviceName().Replace(text, "DEVICE");
        foreach (string user in users.OrderByDescending(u => u.Length))
        {
            text = Regex.Replace(text, $@"\b{Regex.Escape(user)}\b", "USER", RegexOptions.CultureInvariant);
        }

        text = MessageName().Replace(text, "MESSAGE");
        text = GroupName().Replace(text, "GROUP");
        text = Number().Replace(text, "N");
        return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(MaxReasonWords));
    }

    /// <summary>One line: <c>fail at send: expected …</c>.</summary>
    public override string ToString() => $"{Outcome.ToString().ToLowerInvariant()} at {Step}: {ReasonClass}";

    [GeneratedRegex(@"\s*\([^()]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Aside();

    [GeneratedRegex(@"\b[a-z][a-z0-9_-]*/\d+\b", RegexOptions.CultureInvariant)]
    private static partial Regex DeviceName();

    [GeneratedRegex(@"\b(?:[mf]\d+|b\d+_\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex MessageName();

    [GeneratedRegex(@"\b(?:group:)?g\d+\b", RegexOptions.CultureInvariant)]
    private static partial Regex GroupName();

    [GeneratedRegex(@"(?<![A-Za-z])\d+(?![A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}

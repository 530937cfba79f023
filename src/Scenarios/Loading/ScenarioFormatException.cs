using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// A scenario file is not valid: it says where (<see cref="At"/>), what was expected there and what was found, as
/// <c>file:line:column: expected …, found …</c>, and carries a stable <see cref="Code"/> (one of the <c>…Code</c>
/// constants) that tools and tests can match on.
/// </summary>
public sealed class ScenarioFormatException : Exception
{
    /// <summary>Not well-formed YAML (bad indentation, an unclosed bracket or quote, a tab, …).</summary>
    public const string SyntaxCode = "scenario_syntax";

    /// <summary>A key that is not allowed where it was written (the message lists the allowed keys).</summary>
    public const string UnknownKeyCode = "scenario_unknown_key";

    /// <summary>A required key is missing (e.g. <c>as</c> of a send).</summary>
    public const string MissingKeyCode = "scenario_missing_key";

    /// <summary>Two keys that exclude each other (e.g. <c>text</c> and <c>size</c>, or two step keywords in one item).</summary>
    public const string ConflictingKeysCode = "scenario_conflicting_keys";

    /// <summary>A value of the wrong kind or out of range (a list where a mapping belongs, "8x" as a duration, …).</summary>
    public const string BadValueCode = "scenario_bad_value";

    /// <summary>A name that refers to nothing defined before: a user, device, group, message, adversary state or error code.</summary>
    public const string UnknownNameCode = "scenario_unknown_name";

    /// <summary>A name defined twice (a message <c>as</c>, a group, a user, a key of a mapping).</summary>
    public const string DuplicateNameCode = "scenario_duplicate_name";

    /// <summary>
    /// A step, expectation or setting one of the scenario's protocol families (<c>protocol:</c>) gives no meaning to:
    /// an E2EE Security step in a sender-keys scenario, another family's error code, settings of a family not named.
    /// </summary>
    public const string NotInProtocolCode = "scenario_not_in_protocol";

    /// <summary>
    /// A scenario error with its stable <paramref name="code"/> (one of the <c>…Code</c> constants), where it is, and
    /// what was expected and found there.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    public ScenarioFormatException(string code, SourceSpan at, string expected, string found, Exception? innerException = null)
        : base(Format(at, expected, found), innerException)
    {
        ArgumentNullException.ThrowIfNull(code);
        Code = code;
        At = at;
        Expected = expected;
        Found = found;
    }

    /// <summary>The stable error code, e.g. <see cref="UnknownKeyCode"/>.</summary>
    public string Code { get; }

    /// <summary>The file, line and column (1-based) of the offending node.</summary>
    public SourceSpan At { get; }

    /// <summary>What the format allows there, e.g. "one of the keys of send: from, to, text, size, as".</summary>
    public string Expected { get; }

    /// <summary>What the file has there, e.g. "key \"tex\"".</summary>
    public string Found { get; }

    private static string Format(SourceSpan at, string expected, string found)
    {
        ArgumentNullException.ThrowIfNull(at);
        return FormattableString.Invariant($"{at.File}:{at.Line}:{at.Column}: expected {expected}, found {found}");
    }
}

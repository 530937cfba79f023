namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// A <c>results.json</c> cannot be read or files cannot be merged. The message names the file (and the JSON path or
/// position); <see cref="Code"/> is one of the stable <c>…Code</c> constants.
/// </summary>
public sealed class ResultsFileException : Exception
{
    /// <summary>There is no results file at the given path (or the directory holds none).</summary>
    public const string NotFoundCode = "results_not_found";

    /// <summary>The file is not well-formed JSON (the message gives the line and byte).</summary>
    public const string MalformedJsonCode = "results_malformed_json";

    /// <summary>The <c>format</c> field is missing or names another format or version.</summary>
    public const string UnknownFormatCode = "results_unknown_format";

    /// <summary>A required field is missing.</summary>
    public const string MissingFieldCode = "results_missing_field";

    /// <summary>A field has the wrong type or a value out of range (an unknown outcome, a negative duration, …).</summary>
    public const string BadValueCode = "results_bad_value";

    /// <summary>Two records (in one file or in two) are the same scenario × suite × seed.</summary>
    public const string DuplicateRecordCode = "results_duplicate_record";

    /// <summary>The files do not come from one plan (different shard counts or plan sizes, or the shards do not add up to the plan).</summary>
    public const string PlanMismatchCode = "results_plan_mismatch";

    /// <summary>Creates the error.</summary>
    /// <param name="code">One of the <c>…Code</c> constants.</param>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    public ResultsFileException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(code);
        Code = code;
    }

    /// <summary>The stable error code, e.g. <see cref="MalformedJsonCode"/>.</summary>
    public string Code { get; }
}

namespace E2eeConformance.Cli;

/// <summary>The command's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Every run passed (or did not run for a written reason).</summary>
    public const int Ok = 0;

    /// <summary>At least one run failed.</summary>
    public const int Failed = 1;

    /// <summary>A usage error: an unknown option value, scenario, suite or tag, a missing or malformed scenario file, a results file <c>report merge</c> cannot read or merge.</summary>
    public const int Usage = 2;

    /// <summary>
    /// Nothing ran: the filters left no run, or every selected run is disabled or unimplemented (or this shard got no
    /// run). The reason is printed; <c>--allow-empty</c> makes such a run exit 0.
    /// </summary>
    public const int NothingRan = 3;
}

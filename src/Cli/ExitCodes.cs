namespace E2eeConformance.Cli;

/// <summary>The command's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Every run passed (or did not run for a written reason).</summary>
    public const int Ok = 0;

    /// <summary>At least one run failed.</summary>
    public const int Failed = 1;

    /// <summary>A usage error: an unknown option value, scenario or suite, a missing or malformed scenario file.</summary>
    public const int Usage = 2;
}

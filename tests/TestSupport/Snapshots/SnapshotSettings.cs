namespace E2eeConformance.TestSupport.Snapshots;

/// <summary>How <see cref="SnapshotFile.Check"/> treats differences and missing snapshots.</summary>
/// <param name="Accept">Overwrite the verified snapshot with the text when it differs or is missing (the result is <see cref="SnapshotStatus.Accepted"/>).</param>
/// <param name="Ci">Running on CI: a missing snapshot is a failure (<see cref="SnapshotStatus.Missing"/>) instead of being created.</param>
public sealed record SnapshotSettings(bool Accept, bool Ci)
{
    /// <summary>The environment variable that turns on accept mode ("1" or "true", case-insensitive).</summary>
    public const string AcceptVariable = "SNAPSHOTS_ACCEPT";

    /// <summary>The environment variable that marks a CI run ("1" or "true", case-insensitive).</summary>
    public const string CiVariable = "CI";

    /// <summary>
    /// Reads <c>SNAPSHOTS_ACCEPT</c> and <c>CI</c> from the environment.
    /// Verify's own variables (<c>DiffEngine_Disabled</c>, <c>Verify_AutoVerify</c> and the like) are not used:
    /// no diff tool is launched, and accepting is only ever done through <c>SNAPSHOTS_ACCEPT</c>.
    /// </summary>
    public static SnapshotSettings FromEnvironment() =>
        FromValues(Environment.GetEnvironmentVariable(AcceptVariable), Environment.GetEnvironmentVariable(CiVariable));

    /// <summary>Builds settings from the raw variable values (null when unset).</summary>
    public static SnapshotSettings FromValues(string? accept, string? ci) => new(IsTrue(accept), IsTrue(ci));

    private static bool IsTrue(string? value)
    {
        string trimmed = value?.Trim() ?? string.Empty;
        return string.Equals(trimmed, "1", StringComparison.Ordinal)
            || string.Equals(trimmed, "true", StringComparison.OrdinalIgnoreCase);
    }
}

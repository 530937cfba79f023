namespace E2eeConformance.DeviceStore.Sqlite;

/// <summary>
/// What a save of <see cref="SqliteDeviceStateStore"/> survives once it returns. Both keep the rollback journal, so a
/// save is all or nothing and the integrity checks are the same.
/// </summary>
public enum SqliteDurability
{
    /// <summary>
    /// A power cut or an operating-system crash as well as a killed process: <c>synchronous=FULL</c>, the journal and the
    /// file are flushed to disk before a save returns (about three fsyncs a save). The default, for real devices.
    /// </summary>
    PowerLoss = 0,

    /// <summary>
    /// A killed process (SIGKILL), not a power cut: <c>synchronous=OFF</c>, the operating system writes the pages when it
    /// likes. For simulated devices whose files live only as long as a run (the scenario runner's restarts).
    /// </summary>
    ProcessCrash = 1,
}

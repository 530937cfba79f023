namespace E2eeConformance.InMemoryServer;

/// <summary>What tests see of the server besides its requests: the fault-injection seam and the whole state (issue 12 §2).</summary>
public sealed partial class E2eeServer
{
    /// <summary>
    /// The fault-injection seam of atomic requests (tests only): when set, called under the lock with the name of every
    /// step of every request — each change to the stored state, the end of each handler's validation, the end of the
    /// request — so a test can throw there and check that the request changed nothing.
    /// </summary>
    internal Action<string>? FaultInjection
    {
        get => _context.Journal.FaultInjection;
        set
        {
            lock (_gate)
            {
                _context.Journal.FaultInjection = value;
            }
        }
    }

    /// <summary>
    /// The server's whole state as lines, in a stable order (tests only): <see cref="StoredBytes"/> and every index,
    /// counter, remembered id, issued token and queued delivery besides.
    /// </summary>
    internal IReadOnlyList<string> DescribeState()
    {
        lock (_gate)
        {
            return StoredBytes().Select(Convert.ToHexString)
                .Concat(_accounts.Describe())
                .Concat(_groups.Describe())
                .Concat(_store.Describe())
                .Concat(_duplicates.Describe())
                .ToList();
        }
    }
}

namespace E2eeConformance.Scenarios.Generation;

/// <summary>
/// Which kinds of operation a <see cref="ConvergenceScenarioGenerator"/> may interleave with the group sends (sends and
/// plain deliveries are always in). Combine flags to make an operation mix; <see cref="All"/> is every kind.
/// </summary>
[Flags]
public enum ConvergenceOperations
{
    /// <summary>Group sends from random current members' devices and plain deliveries only.</summary>
    SendsOnly = 0,

    /// <summary><c>add_members</c>, <c>remove_members</c> (by the manager's one device) and <c>leave</c>.</summary>
    Membership = 1,

    /// <summary><c>add_device</c> of a member user, then (sometimes) an explicit <c>add_group_device</c> by the manager.</summary>
    Devices = 2,

    /// <summary><c>restart</c> of a random device (the run then keeps device state in SQLite).</summary>
    Restarts = 4,

    /// <summary>
    /// Targeted network faults: <c>hold</c> (released later), <c>drop</c> (the server redelivers at the next
    /// <c>run_until_quiet</c>), <c>duplicate</c>, and <c>delay</c> of a message just sent.
    /// </summary>
    Faults = 8,

    /// <summary><c>chaos</c> steps: seeded drops, duplicates and (sometimes) any-order deliveries.</summary>
    Chaos = 16,

    /// <summary>Every kind of operation.</summary>
    All = Membership | Devices | Restarts | Faults | Chaos,
}

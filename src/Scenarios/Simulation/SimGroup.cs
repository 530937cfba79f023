using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>The runner's own model of a group: its address and its member users, changed when a step asks for it.</summary>
public sealed class SimGroup(string name, E2eeAddress address, IEnumerable<string> members)
{
    /// <summary>The group's scenario name.</summary>
    public string Name { get; } = name;

    /// <summary>The group's address as the server issued it.</summary>
    public E2eeAddress Address { get; } = address;

    /// <summary>The member users' scenario names.</summary>
    public HashSet<string> Members { get; } = new(members, StringComparer.Ordinal);
}

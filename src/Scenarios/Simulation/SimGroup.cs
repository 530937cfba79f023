using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>The runner's own model of a group: its address and its member users, changed when a step asks for it.</summary>
public sealed class SimGroup(string name, E2eeAddress address, IEnumerable<string> members)
{
    public string Name { get; } = name;

    public E2eeAddress Address { get; } = address;

    public HashSet<string> Members { get; } = new(members, StringComparer.Ordinal);
}

namespace E2eeConformance.Engine.Tests.Architecture.Samples.CycleA;

/// <summary>One half of a deliberate namespace cycle: uses <c>Samples.CycleB</c> in a field.</summary>
internal sealed class Left
{
    public CycleB.Right? Partner { get; init; }
}

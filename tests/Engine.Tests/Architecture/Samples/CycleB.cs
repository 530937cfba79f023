namespace E2eeConformance.Engine.Tests.Architecture.Samples.CycleB;

/// <summary>The other half of the deliberate namespace cycle: creates a <c>Samples.CycleA</c> object in a method body.</summary>
internal sealed class Right
{
    public static object Make() => new CycleA.Left();
}

namespace E2eeConformance.Engine.Tests.Architecture.Samples.ConstOnly;

/// <summary>Reads only a constant of <c>Samples.Target</c>: the compiler copies the value, so no metadata names it.</summary>
internal static class Reader
{
    public static int Twice() => 2 * Target.Limits.Max;
}

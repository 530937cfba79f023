namespace E2eeConformance.Engine.Tests.Architecture.Samples.Target;

/// <summary>A type that another sample namespace names only inside a method body.</summary>
internal static class Callee
{
    public static int Value() => 7;
}

/// <summary>A type that another sample namespace names only as a generic argument of a local.</summary>
internal sealed class Marker;

/// <summary>A constant another sample namespace reads (and the compiled code then no longer names).</summary>
internal static class Limits
{
    public const int Max = 512;
}

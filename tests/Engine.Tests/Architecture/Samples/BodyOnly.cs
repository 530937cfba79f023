namespace E2eeConformance.Engine.Tests.Architecture.Samples.BodyOnly;

/// <summary>
/// Uses <c>Samples.Target</c> only inside its method bodies (a call, and a generic argument of a local), never in a
/// signature: the graph must still see the dependency.
/// </summary>
internal static class Caller
{
    public static int Call()
    {
        var markers = new List<Target.Marker>();
        return Target.Callee.Value() + markers.Count;
    }
}

namespace E2eeConformance.Engine.Errors;

/// <summary>An engine bug: an internal invariant does not hold (STYLE #5). Checks stay on in Release.</summary>
public sealed class EngineInvariantException(string message) : Exception(message)
{
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new EngineInvariantException(message);
        }
    }
}

namespace E2eeConformance.Engine.Errors;

/// <summary>An engine bug: an internal invariant does not hold (STYLE #5). Checks stay on in Release.</summary>
public sealed class EngineInvariantException(string message) : Exception(message)
{
    /// <summary>
    /// Throws an <see cref="EngineInvariantException"/> with <paramref name="message"/> when
    /// <paramref name="condition"/> is false.
    /// </summary>
    /// <exception cref="EngineInvariantException"><paramref name="condition"/> is false: an engine bug.</exception>
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new EngineInvariantException(message);
        }
    }
}

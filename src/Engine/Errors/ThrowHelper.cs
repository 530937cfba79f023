using System.Diagnostics.CodeAnalysis;

namespace E2eeConformance.Engine.Errors;

/// <summary>Caller misuse (STYLE #5): arguments a correct caller never passes.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static T Protocol<T>(ProtocolErrorCode code, string detail) => throw new ProtocolException(code, detail);

    [DoesNotReturn]
    public static void Protocol(ProtocolErrorCode code, string detail) => throw new ProtocolException(code, detail);
}

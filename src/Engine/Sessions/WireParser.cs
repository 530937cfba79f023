using Google.Protobuf;
using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Engine.Sessions;

/// <summary>Parses hostile bytes into generated wire messages without ever throwing anything but <see cref="ProtocolException"/> (STYLE #10).</summary>
public static class WireParser
{
    /// <summary>Parses <paramref name="bytes"/> as a <typeparamref name="T"/>.</summary>
    /// <exception cref="ProtocolException"><paramref name="code"/> (by default <c>malformed_message</c>): the bytes do
    /// not parse.</exception>
    public static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, ProtocolErrorCode code = ProtocolErrorCode.MalformedMessage)
        where T : IMessage<T>
    {
        if (TryParse(parser, bytes, out T? message, out string? error))
        {
            return message;
        }

        throw new ProtocolException(code, $"{typeof(T).Name}: {error}");
    }

    /// <summary>
    /// Parses <paramref name="bytes"/> as a <typeparamref name="T"/>; false, with <paramref name="error"/> saying why,
    /// when they do not parse. Never throws.
    /// </summary>
    public static bool TryParse<T>(
        MessageParser<T> parser,
        ReadOnlySpan<byte> bytes,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? message,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
        where T : IMessage<T>
    {
        try
        {
            message = parser.ParseFrom(bytes);
            error = null;
            return true;
        }
        catch (InvalidProtocolBufferException e)
        {
            message = default;
            error = e.Message;
            return false;
        }
    }
}

namespace E2eeConformance.Engine.Ports;

/// <summary>
/// Thrown by an <see cref="ITransport"/> when the server cannot be reached at all (the device is offline), as opposed
/// to a refusal, which a response carries. A device keeps the request in its outbox, and every request after it, and
/// sends them on its next input once the server can be reached again (its start-up check, a delivery).
/// </summary>
public sealed class TransportUnavailableException : Exception
{
    /// <summary>The server cannot be reached.</summary>
    public TransportUnavailableException()
        : base("the server cannot be reached")
    {
    }

    /// <summary>The server cannot be reached, for the reason <paramref name="message"/> gives.</summary>
    public TransportUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>The server cannot be reached, because of <paramref name="innerException"/>.</summary>
    public TransportUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

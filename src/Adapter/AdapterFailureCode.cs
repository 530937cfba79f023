namespace E2eeConformance.Adapter;

/// <summary>How a shim failed the harness (docs/ADAPTER.md, "What the harness reports about a shim").</summary>
public enum AdapterFailureCode
{
    /// <summary><c>adapter_timeout</c>: a command or the handshake was not answered in time.</summary>
    Timeout,

    /// <summary><c>adapter_crashed</c>: the process ended, or closed its output, while an answer was due.</summary>
    Crashed,

    /// <summary><c>adapter_protocol_error</c>: a line that breaks the protocol.</summary>
    ProtocolError,
}

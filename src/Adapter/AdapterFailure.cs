namespace E2eeConformance.Adapter;

/// <summary>
/// A shim failed the harness: timed out, crashed or broke the protocol. Carries the stable name of the failure, what
/// the harness was doing, and the tail of the shim's standard error. The shim process is gone when this is thrown.
/// </summary>
public sealed class AdapterFailure : Exception
{
    public AdapterFailure(AdapterFailureCode code, string detail, string stderrTail)
        : base($"{NameOf(code)}: {detail}")
    {
        Code = code;
        Detail = detail;
        StderrTail = stderrTail;
    }

    public AdapterFailureCode Code { get; }

    /// <summary>The stable name: <c>adapter_timeout</c>, <c>adapter_crashed</c> or <c>adapter_protocol_error</c>.</summary>
    public string Name => NameOf(Code);

    public string Detail { get; }

    /// <summary>The last bytes the shim wrote to its standard error (at most 64 KiB).</summary>
    public string StderrTail { get; }

    public static string NameOf(AdapterFailureCode code) => code switch
    {
        AdapterFailureCode.Timeout => "adapter_timeout",
        AdapterFailureCode.Crashed => "adapter_crashed",
        _ => "adapter_protocol_error",
    };
}

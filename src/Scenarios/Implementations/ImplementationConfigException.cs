namespace E2eeConformance.Scenarios.Implementations;

/// <summary>An implementation config that cannot be found or read; <see cref="Code"/> is stable (docs/IMPLEMENTATIONS.md).</summary>
public sealed class ImplementationConfigException : Exception
{
    /// <summary>No implementation of that name, and no such file.</summary>
    public const string NotFoundCode = "implementation_not_found";

    /// <summary>The file is not a valid implementation config (the message names the field).</summary>
    public const string InvalidCode = "implementation_config_invalid";

    /// <summary>An implementation config problem with a stable code.</summary>
    public ImplementationConfigException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Not used: an implementation config problem has a code.</summary>
    public ImplementationConfigException()
        : this(InvalidCode, "invalid implementation config")
    {
    }

    /// <summary>Not used: an implementation config problem has a code.</summary>
    public ImplementationConfigException(string message, Exception innerException)
        : base(message, innerException) => Code = InvalidCode;

    /// <summary>The stable code: <see cref="NotFoundCode"/> or <see cref="InvalidCode"/>.</summary>
    public string Code { get; }
}

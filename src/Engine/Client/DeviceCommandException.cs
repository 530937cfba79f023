namespace E2eeConformance.Engine.Client;

/// <summary>
/// An application command the device cannot carry out in its current state (e.g. a group text for a group it holds no
/// keys for). Nothing changed. An <see cref="InvalidOperationException"/>: the caller asked at the wrong time.
/// </summary>
public sealed class DeviceCommandException(string code, string detail) : InvalidOperationException($"{code}: {detail}")
{
    /// <summary>The stable snake_case code (e.g. <c>no_group_keys</c>).</summary>
    public string Code { get; } = code;
}

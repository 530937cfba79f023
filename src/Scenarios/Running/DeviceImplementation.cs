namespace E2eeConformance.Scenarios.Running;

/// <summary>
/// An implementation under test (docs/ADAPTER.md): every device of a run is one process of this shim, driven over the
/// adapter protocol. A run without one uses the engine in process.
/// </summary>
/// <param name="Name">How reports name it (e.g. <c>shim</c>).</param>
/// <param name="Program">The program to start.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Timeout">How long one command may take before the shim is reported as <c>adapter_timeout</c>.</param>
public sealed record DeviceImplementation(string Name, string Program, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    /// <summary>Our engine's shim (<c>E2eeConformance.Shim</c>), when its assembly is beside the caller's.</summary>
    public static DeviceImplementation EngineShim(string directory) =>
        new("shim", Adapter.AdapterProtocol.DotnetHost(), [Path.Combine(directory, "E2eeConformance.Shim.dll")], TimeSpan.FromMinutes(5));
}

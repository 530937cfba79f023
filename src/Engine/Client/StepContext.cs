using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// What one step of the device core may use besides the state — randomness and the time the input is processed at —
/// and the events the step produced so far. Lives for one step only: a step that fails is discarded with it, so no
/// event of a rolled-back computation can leave.
/// </summary>
internal sealed class StepContext(IRandomSource random, long nowMs, ProtocolDeviations deviations = ProtocolDeviations.None)
{
    private readonly List<DeviceEvent> _events = [];

    /// <summary>The device's randomness (keys, nonces, ids).</summary>
    public IRandomSource Random { get; } = random;

    /// <summary>The time the input is processed at (Unix milliseconds).</summary>
    public long NowMs { get; } = nowMs;

    /// <summary>The device's deviations from the whitepaper (<see cref="DeviceState.Deviations"/>; none for our devices).</summary>
    public ProtocolDeviations Deviations { get; } = deviations;

    /// <summary>The events produced so far, in order.</summary>
    public IReadOnlyList<DeviceEvent> Events => _events;

    /// <summary>Records an event of this step.</summary>
    public void Raise(DeviceEvent e) => _events.Add(e);

    /// <summary>Forgets the events of a computation that failed.</summary>
    public void Discard() => _events.Clear();

    /// <summary>Forgets the events recorded after the first <paramref name="count"/> (those of a failed part).</summary>
    public void TruncateTo(int count) => _events.RemoveRange(count, _events.Count - count);
}

using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.SenderKeys.Device;

/// <summary>The result of one step: the new state, the requests for the relay and the events, to leave only together once committed.</summary>
public sealed record DeviceStep(SenderKeyDeviceState State, IReadOnlyList<RelayRequest> Requests, IReadOnlyList<DeviceEvent> Events);

/// <summary>What a step collects while it runs.</summary>
internal sealed class StepOutput
{
    public List<RelayRequest> Requests { get; } = [];

    public List<DeviceEvent> Events { get; } = [];
}

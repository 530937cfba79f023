using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Session;

namespace E2eeConformance.Mpenc.Device;

/// <summary>The result of one input: the new state, then — once the caller has committed it — the channel requests to make and the events to report.</summary>
public sealed record DeviceStep(MpencDeviceState State, IReadOnlyList<ChannelRequest> Requests, IReadOnlyList<SessionEvent> Events);

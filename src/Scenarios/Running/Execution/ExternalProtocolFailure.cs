using E2eeConformance.Engine.Client;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// A protocol failure an implementation under test reported by a name the harness has no code for (docs/ADAPTER.md,
/// "Errors"); <paramref name="MsgId"/> as in <see cref="ProtocolFailure"/>.
/// </summary>
internal sealed record ExternalProtocolFailure(string Device, string MessageKind, string Error, string Detail, string MsgId = "") : DeviceEvent(Device);

using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running;

/// <summary>
/// A test seam on what devices receive (issue 14 §3: the deliberately broken engine the fuzzer must catch): called for
/// every ProtoMsg the network hands to a device (deliveries, duplicates, an adversary's replays and tampered copies),
/// with the device's name (<c>bob/1</c>) and a copy of the message. It returns the message the device processes —
/// the same one, a changed one (e.g. with its payload cleared: the device then consumes the message and does nothing
/// with it), or null: the device never sees it (not consumed either, so the server redelivers it). Runs without one
/// (every run of the command line) hand every message over unchanged.
/// </summary>
/// <param name="device">The receiving device's scenario name.</param>
/// <param name="message">The message as the network delivers it (a copy the interceptor may change).</param>
/// <returns>What the device processes, or null for nothing.</returns>
public delegate ProtoMsg? DeliveryInterceptor(string device, ProtoMsg message);

using E2eeConformance.Engine.Wire;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Fuzzing;

/// <summary>
/// A deliberately broken engine (issue 14 §3): every device consumes each incoming <c>accept</c> and does nothing with
/// it — as an implementation whose accept handler is empty. The initiator's session is never completed, so the texts
/// that wait for it are never sent. Made through the runner's <see cref="DeliveryInterceptor"/> seam: the device is
/// handed the accept with its payload cleared (consumed, nothing to act on).
/// </summary>
internal static class IgnoresAccepts
{
    /// <summary>The interceptor: an accept loses its payload; every other message passes unchanged.</summary>
    public static DeliveryInterceptor Interceptor { get; } = (_, message) =>
    {
        if (message.PayloadCase == ProtoMsg.PayloadOneofCase.AcceptMsg)
        {
            message.ClearPayload();
        }

        return message;
    };
}

using E2eeConformance.Mpenc.Ports;

namespace E2eeConformance.Mpenc.Session;

/// <summary>What one step of a member runs with: who it is, the virtual time, its randomness, its timers, and where its effects collect.</summary>
internal sealed record StepContext(string Self, long Now, IRandom Random, SessionTimers Timers, Effects Fx);

namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>cost: { max_key_derivations?, max_ms_cpu? }</c> on a step (issue 14, DoS checks: "a rejection must be cheap"):
/// what carrying out the step may cost at most. <see cref="MaxKeyDerivations"/> counts the engine's HKDF and chain-key
/// HMAC derivations during the step, every device's (deterministic, so catalog scenarios use it);
/// <see cref="MaxCpuMilliseconds"/> bounds the CPU time of the runner's thread during the step (machine-dependent: for
/// one's own files with generous bounds, never for the catalog).
/// </summary>
/// <param name="MaxKeyDerivations">The most key derivations the step may make (null: not checked).</param>
/// <param name="MaxCpuMilliseconds">The most CPU milliseconds the step may take (null: not checked).</param>
public sealed record StepCost(long? MaxKeyDerivations, long? MaxCpuMilliseconds);

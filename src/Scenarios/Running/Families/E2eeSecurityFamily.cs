using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Families;

/// <summary>
/// E2EE Security and SKISSM (seeds 000, 001): the engine, the in-memory server and the simulated devices, run by
/// <see cref="ScenarioRunner"/>. Every step of the format began here, so it refuses only the other families' words.
/// </summary>
internal sealed class E2eeSecurityFamily : IProtocolFamily
{
    /// <inheritdoc/>
    public string Name => Scenario.DefaultProtocol;

    /// <inheritdoc/>
    public string Title => "E2EE Security / SKISSM (seeds 000, 001)";

    /// <inheritdoc/>
    public IReadOnlyList<string> Suites { get; } = [.. CipherSuite.Named.Select(s => s.Name)];

    /// <inheritdoc/>
    public IReadOnlyList<string> ErrorCodes { get; } = [.. Enum.GetValues<ProtocolErrorCode>().Select(c => c.Name()), Loading.ScenarioLoader.RequestRefusedCode];

    /// <inheritdoc/>
    public IReadOnlyList<string> MessageKinds => ProtoMsgKinds.All;

    /// <inheritdoc/>
    public bool SendsAsAdversary => true;

    /// <inheritdoc/>
    public IReadOnlyList<string> TamperFields { get; } = ["ciphertext", "session_id", "sequence", "ratchet_key", "signature", "from", "msg_id"];

    /// <inheritdoc/>
    public string? Refuses(Step step) =>
        step is ExpectStep e && e.Expectations.OfType<StateExpectation>().Any(s => s.SenderKeyId is not null)
            ? "state: { sender_key_id } is a counter of the sender-keys family"
            : FamilyVocabulary.Refuses(this, step);

    /// <inheritdoc/>
    public string? RefusesSettings(Scenario scenario) => null; // sender_keys: settings are that family's, harmless to this one (the loader wants the family named)

    /// <inheritdoc/>
    public ScenarioResult Run(Scenario scenario, string suite, ulong seed) =>
        ScenarioRunner.Run(scenario, CipherSuite.TryParse(suite, out CipherSuite? parsed) ? parsed : throw new ArgumentException($"{suite} is not a suite of {Name}", nameof(suite)), seed);
}

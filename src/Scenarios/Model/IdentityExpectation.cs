namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>identity_matches: { by, of }</c> / <c>identity_differs: { by, of }</c>: what two users learn by comparing
/// identity fingerprints out of band (the safety number of a session, <see cref="Running.Execution.IdentityFingerprint"/>).
/// Every one-to-one session a device of <see cref="By"/> holds with a device of <see cref="Of"/> binds two identity
/// keys in its associated data (seed 000 §Session: AD = IK_A ‖ IK_B); <c>identity_matches</c> passes when the peer's
/// key there is the peer device's real identity key in every such session, <c>identity_differs</c> when it is not in
/// at least one (a substituted bundle). At least one such session must exist.
/// </summary>
public sealed record IdentityExpectation(string By, string Of, bool Matches) : Expectation
{
    /// <inheritdoc/>
    public override string Keyword => Matches ? "identity_matches" : "identity_differs";
}

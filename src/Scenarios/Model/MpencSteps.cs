namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>refresh_key: { by, group }</c> (mpenc family): the member proposes a key refresh of the group (seed 003 §5.2.1
/// key refresh, §5.2.2 a renewed nonce): a new subsession of the same members under a new group key and session id.
/// </summary>
public sealed record RefreshKeyStep(string By, string Group) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "refresh_key";
}

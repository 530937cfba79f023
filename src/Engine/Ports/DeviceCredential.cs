namespace E2eeConformance.Engine.Ports;

/// <summary>
/// What a device presents with every request after registration: its address and the secret token the server issued
/// in RegisterUserResponse (seed 000 §Register User: <c>auth</c>). The token never prints itself.
/// </summary>
public sealed record DeviceCredential(Wire.E2eeAddress Address, string Token)
{
    /// <summary>The address and a masked token (<c>token ***</c>): the token never prints.</summary>
    public override string ToString() => $"DeviceCredential({Protocol.Addresses.Format(Address)}, token ***)";
}

using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// One member device of a group and its identity signature key (GroupMemberInfo.proto; seed 000 §Create group: "the
/// server needs to send the group members' identity public key to all the other group members").
/// </summary>
public sealed record GroupMember(Wire.E2eeAddress Address, byte[] SignPublicKey)
{
    /// <summary>The member's address as a dictionary key (<see cref="AddressKey"/>).</summary>
    public string Key => AddressKey(Address);

    /// <summary>An address as a dictionary key: its text form (<see cref="Addresses.Format"/>).</summary>
    public static string AddressKey(Wire.E2eeAddress? address) => Addresses.Format(address);

    /// <summary>Reads a member from the wire.</summary>
    /// <exception cref="Errors.ProtocolException"><c>missing_field</c>: the info is missing or has no address.</exception>
    public static GroupMember FromWire(Wire.GroupMemberInfo? info) =>
        info?.MemberAddress is { } address
            ? new(address.Clone(), info.SignPublicKey.ToByteArray())
            : throw new Errors.ProtocolException(Errors.ProtocolErrorCode.MissingField, "group member info missing or without address");

    /// <summary>The wire form (GroupMemberInfo.proto), with copies of the address and key.</summary>
    public Wire.GroupMemberInfo ToWire() => new()
    {
        MemberAddress = Address.Clone(),
        SignPublicKey = Google.Protobuf.ByteString.CopyFrom(SignPublicKey),
    };

    /// <inheritdoc/>
    public override string ToString() => $"GroupMember({Key})";
}

using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// One member device of a group and its identity signature key (GroupMemberInfo.proto; seed 000 §Create group: "the
/// server needs to send the group members' identity public key to all the other group members").
/// </summary>
public sealed record GroupMember(Wire.E2eeAddress Address, byte[] SignPublicKey)
{
    public string Key => AddressKey(Address);

    public static string AddressKey(Wire.E2eeAddress? address) => Addresses.Format(address);

    public static GroupMember FromWire(Wire.GroupMemberInfo info) =>
        new(info.MemberAddress?.Clone() ?? throw new Errors.ProtocolException(Errors.ProtocolErrorCode.MissingField, "group member info without address"), info.SignPublicKey.ToByteArray());

    public Wire.GroupMemberInfo ToWire() => new()
    {
        MemberAddress = Address.Clone(),
        SignPublicKey = Google.Protobuf.ByteString.CopyFrom(SignPublicKey),
    };

    public override string ToString() => $"GroupMember({Key})";
}

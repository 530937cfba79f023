using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.SenderKeys.Device;

/// <summary>What a device is given to process: a command of its user, or a delivery of the relay.</summary>
public abstract record DeviceInput;

/// <summary>
/// Send a text to every device of <paramref name="User"/> (and the sender's own other devices). <paramref name="Tag"/>
/// is the caller's name for the text, echoed in each <see cref="TextSent"/> (never sent).
/// </summary>
public sealed record SendText(string User, byte[] Text, string Tag = "") : DeviceInput;

/// <summary>Send a text to a group (one encryption with the device's sender key).</summary>
public sealed record SendGroupText(string Group, byte[] Text) : DeviceInput;

/// <summary>Create a group with these users.</summary>
public sealed record CreateGroup(string Group, IReadOnlyList<string> Members) : DeviceInput;

/// <summary>Add users to a group.</summary>
public sealed record AddMembers(string Group, IReadOnlyList<string> Users) : DeviceInput;

/// <summary>Remove users from a group.</summary>
public sealed record RemoveMembers(string Group, IReadOnlyList<string> Users) : DeviceInput;

/// <summary>Leave a group.</summary>
public sealed record LeaveGroup(string Group) : DeviceInput;

/// <summary>A delivery of the relay.</summary>
public sealed record Delivered(RelayDelivery Delivery) : DeviceInput;

/// <summary>What a device reports (events leave the device only with the step that made them).</summary>
public abstract record DeviceEvent(string Device);

/// <summary>A direct text was sealed for one peer device under this counter (the request carrying it leaves with the step).</summary>
public sealed record TextSent(string Device, string Recipient, ulong Counter, string Tag) : DeviceEvent(Device);

/// <summary>A direct text was read.</summary>
public sealed record TextReceived(string Device, string From, byte[] Text, ulong Counter) : DeviceEvent(Device);

/// <summary>A group text was read.</summary>
public sealed record GroupTextReceived(string Device, string Group, string From, byte[] Text, uint KeyId, ulong Counter) : DeviceEvent(Device);

/// <summary>A group message waits for its sender's key (it arrived before the distribution).</summary>
public sealed record GroupTextHeld(string Device, string Group, string From, uint KeyId, ulong Counter) : DeviceEvent(Device);

/// <summary>A sender's key arrived (<see cref="KeyId"/>).</summary>
public sealed record SenderKeyReceived(string Device, string Group, string From, uint KeyId) : DeviceEvent(Device);

/// <summary>The device's own sender key of a group changed (created or rotated), with why.</summary>
public sealed record SenderKeyRotated(string Device, string Group, uint KeyId, string Reason) : DeviceEvent(Device);

/// <summary>The device is no longer a member of the group: its keys of the group are gone.</summary>
public sealed record GroupLeft(string Device, string Group) : DeviceEvent(Device);

/// <summary>An input was refused with a stable code (the state is unchanged by it).</summary>
public sealed record InputRefused(string Device, string Code, string Detail) : DeviceEvent(Device)
{
    /// <summary>The caller's name of the text the refusal is about (<see cref="SendText.Tag"/>), when it is about one; else empty.</summary>
    public string Tag { get; init; } = "";
}

/// <summary>A held group message failed once its sender's key arrived (it is dropped; the key stays), with the stable code.</summary>
public sealed record GroupTextRefused(string Device, string Group, string From, uint KeyId, ulong Counter, string Code, string Detail) : DeviceEvent(Device);

/// <summary>The relay refused a request of the device.</summary>
public sealed record RelayRefused(string Device, string Request, string Code) : DeviceEvent(Device);

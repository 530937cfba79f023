namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>send: { from, to, text | size, as }</c>: an application message from a device to a user (every device of theirs,
/// and the sender's own other devices) or to <c>group:NAME</c>. <c>size</c> sends that many bytes instead of a text.
/// </summary>
public sealed record SendStep(string From, string To, string? Text, int? Size, string As) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "send";

    /// <summary>
    /// <c>encrypt: true | false</c> (room-keys family): the sender's per-message choice (seed 002: "each user chooses
    /// whether to encrypt"); null: encrypted exactly when the room is end-to-end encrypted.
    /// </summary>
    public bool? Encrypt { get; init; }

    /// <summary>
    /// <c>parents: [NAME | invented, …]</c> (mpenc family): the parent references the author claims instead of its
    /// transcript's latest messages — a corrupt insider's false claims and omissions (seed 003 §3.4: references are
    /// only claims); <c>invented</c> names no message at all. Null: an honest author.
    /// </summary>
    public IReadOnlyList<string>? Parents { get; init; }

    /// <summary>How <see cref="To"/> names a group instead of a user: <c>group:NAME</c>.</summary>
    public const string GroupPrefix = "group:";
}

/// <summary>
/// <c>create_group: { by, name, members, managers? }</c>: the creator's device creates a group with these users (seed 000
/// §Create group). The creator's user is a manager; so is each user of <paramref name="Managers"/> (a member too). Roles
/// are fixed at create: the protocol has no request that grants or revokes them.
/// </summary>
public sealed record CreateGroupStep(string By, string Name, IReadOnlyList<string> Members, IReadOnlyList<string>? Managers = null) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "create_group";

    /// <summary><c>e2ee: false</c> (room-keys family): the room is created in the clear (NewSessionRequest's <c>e2ee_on</c>); null: end-to-end encrypted.</summary>
    public bool? E2ee { get; init; }
}

/// <summary><c>add_members: { by, group, users }</c> (seed 000 §Add group members).</summary>
public sealed record AddMembersStep(string By, string Group, IReadOnlyList<string> Users) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "add_members";
}

/// <summary><c>remove_members: { by, group, users }</c> (seed 000 §Remove group members).</summary>
public sealed record RemoveMembersStep(string By, string Group, IReadOnlyList<string> Users) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "remove_members";
}

/// <summary><c>leave: { who, group }</c>: a member device leaves (seed 000 §Leave group).</summary>
public sealed record LeaveStep(string Who, string Group) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "leave";
}

/// <summary><c>add_group_device: { by, group, device }</c>: a member's new device is added to a group (seed 000 §Add group member device).</summary>
public sealed record AddGroupDeviceStep(string By, string Group, string Device) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "add_group_device";
}

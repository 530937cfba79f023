using E2eeConformance.Mpenc.Channel;

namespace E2eeConformance.Mpenc.Device;

/// <summary>One input to an mpENC device (seed 003 §4.1 Session: one input method to send a message or change the session membership; and the channel's events).</summary>
public abstract record DeviceInput;

/// <summary>Enter a channel (the member's view of it starts empty until the channel confirms).</summary>
public sealed record EnterCommand(string Channel) : DeviceInput;

/// <summary>Start a group: the initial agreement with <paramref name="Members"/> once they are all in the channel (§5.2.1 IKA).</summary>
public sealed record StartCommand(string Channel, IReadOnlyList<string> Members) : DeviceInput;

/// <summary>Include users (§5.2.1, §5.2.2 inclusion) once they are in the channel.</summary>
public sealed record IncludeCommand(string Channel, IReadOnlyList<string> Users) : DeviceInput;

/// <summary>Exclude members (§5.2.1, §5.2.2 exclusion).</summary>
public sealed record ExcludeCommand(string Channel, IReadOnlyList<string> Users) : DeviceInput;

/// <summary>Refresh the group key (§5.2.1 key refresh).</summary>
public sealed record RefreshCommand(string Channel) : DeviceInput;

/// <summary>Send a text in the current subsession (§3.6, §5.3).</summary>
public sealed record SendCommand(string Channel, string Text) : DeviceInput
{
    /// <summary>
    /// The parents the author claims instead of its transcript's heads (hex ids): a corrupt insider's false claims or
    /// omissions (§1.3 "corrupt member", §3.4 "such references are only claims"), for scenarios that check the others
    /// detect them. Null: an honest member's heads.
    /// </summary>
    public IReadOnlyList<string>? ClaimedParents { get; init; }
}

/// <summary>Part the session: a last acknowledgement of everything read, then leave the channel (§3.3); the others exclude the member.</summary>
public sealed record PartCommand(string Channel) : DeviceInput;

/// <summary>Time has passed: the liveness timers run (§3.5, §4.3).</summary>
public sealed record TickInput : DeviceInput;

/// <summary>An event from the channel.</summary>
public sealed record ChannelInput(ChannelEvent Event) : DeviceInput;

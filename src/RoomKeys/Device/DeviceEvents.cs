namespace E2eeConformance.RoomKeys.Device;

/// <summary>What a device tells its application (and the harness) about a step.</summary>
public abstract record DeviceEvent(string User);

/// <summary>The server confirmed a room the device created.</summary>
public sealed record RoomCreated(string User, string Room, bool E2eeOn, uint Generation) : DeviceEvent(User);

/// <summary>A user asks to join a room the device is in (JoinSessionApproval): the device's user may admit it.</summary>
public sealed record JoinRequested(string User, string Room, string Joiner) : DeviceEvent(User);

/// <summary>The device is in a room: admitted on its request, or on accepting an invitation.</summary>
public sealed record JoinedRoom(string User, string Room, string By, bool E2eeOn, uint Generation) : DeviceEvent(User);

/// <summary>An invitation arrived and the device accepted it (RK-10).</summary>
public sealed record Invited(string User, string Room, string By) : DeviceEvent(User);

/// <summary>A room key of a generation arrived from a member and decrypted.</summary>
public sealed record RoomKeyReceived(string User, string Room, string From, uint Generation) : DeviceEvent(User);

/// <summary>The device made the room key of a new generation (UpdateRoomKeyNotification) and hands it out.</summary>
public sealed record RoomKeyReplaced(string User, string Room, uint Generation) : DeviceEvent(User);

/// <summary>A replacement to <paramref name="Generation"/> came after the device already held the newer <paramref name="Newest"/>: ignored (RK-23).</summary>
public sealed record ReplacementSuperseded(string User, string Room, uint Generation, uint Newest) : DeviceEvent(User);

/// <summary>A text left the device: encrypted under <paramref name="Generation"/> with <paramref name="Nonce"/>, or in the clear (generation 0, empty nonce).</summary>
public sealed record TextSent(string User, string Room, string Tag, bool Encrypted, uint Generation, byte[] Nonce) : DeviceEvent(User);

/// <summary>
/// A text of a member, read: <paramref name="Encrypted"/> under the room key of <paramref name="Generation"/> (the nonce
/// names it), or in the clear (the server sequence names it).
/// </summary>
public sealed record TextReceived(string User, string Room, string From, byte[] Text, bool Encrypted, uint Generation, byte[] Nonce, ulong ServerSequence) : DeviceEvent(User);

/// <summary>
/// A text came in the clear in a room that is end-to-end encrypted (seed: each sender chooses): reported to the
/// application as such, never silently mixed with encrypted ones.
/// </summary>
public sealed record PlaintextInE2eeRoom(string User, string Room, string From, ulong ServerSequence) : DeviceEvent(User);

/// <summary>A message under a generation whose key has not arrived yet waits for it (RK-14).</summary>
public sealed record MessageHeld(string User, string Room, string From, uint Generation) : DeviceEvent(User);

/// <summary>The room's owner switched end-to-end encryption on or off.</summary>
public sealed record E2eeChanged(string User, string Room, bool On, string By) : DeviceEvent(User);

/// <summary>The device is out of a room; its room keys of it are gone.</summary>
public sealed record LeftRoom(string User, string Room, string By) : DeviceEvent(User);

/// <summary>The device refused an input with a stable code; its state is as before.</summary>
public sealed record InputRefused(string User, string Code, string Detail, string Room = "") : DeviceEvent(User);

/// <summary>The server refused one of the device's requests.</summary>
public sealed record ServerRefused(string User, string Request, string Code, string Room) : DeviceEvent(User);

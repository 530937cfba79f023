namespace E2eeConformance.Mpenc.Channel;

/// <summary>What a member asks of the group transport channel (seed 003 §4.1 GroupChannel: send a packet or change the channel membership).</summary>
public abstract record ChannelRequest(string Channel);

/// <summary>Enter a channel, publishing this user's identity public key (Ed25519, 32 bytes) to its members.</summary>
public sealed record EnterChannel(string Channel, byte[] IdentityKey) : ChannelRequest(Channel);

/// <summary>Post a packet (its wire text, §5.4) to everyone in the channel, the poster included.</summary>
public sealed record PostPacket(string Channel, string Packet, bool Greeting) : ChannelRequest(Channel);

/// <summary>Leave a channel (after parting the session, §3.3).</summary>
public sealed record LeaveChannel(string Channel) : ChannelRequest(Channel);

/// <summary>Kick users out of a channel: the excluder does it once their exclusion succeeded (§3.3).</summary>
public sealed record KickFromChannel(string Channel, IReadOnlyList<string> Users) : ChannelRequest(Channel);

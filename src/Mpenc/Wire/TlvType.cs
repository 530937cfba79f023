namespace E2eeConformance.Mpenc.Wire;

/// <summary>
/// The record types of mpENC packets (seed 003 §5.1, §5.3, §5.2.3). The document names the records but not their
/// numbers; these are the numbers of the published mpENC implementation (mpenc_js's codec). Its packets still differ
/// from ours where we follow the document instead (MP-6, MP-14, docs/protocols/mpenc.md).
/// </summary>
public enum TlvType : ushort
{
    /// <summary>The protocol version (§5.1).</summary>
    ProtocolVersion = 0x0001,

    /// <summary>The packet type, greeting or data (§5.1).</summary>
    MessageType = 0x0002,

    /// <summary>The signature of the rest of the packet (§5.1).</summary>
    MessageSignature = 0x0003,

    /// <summary>The ciphertext of a data packet (§5.3).</summary>
    MessagePayload = 0x0010,

    /// <summary>The IV of a data packet's AES-CTR encryption (§5.3).</summary>
    MessageIv = 0x0011,

    /// <summary>H(sid ‖ gk)[0], the trial-decryption hint of a data packet (§5.3).</summary>
    SidkeyHint = 0x0012,

    /// <summary>A reference to a message the author had seen (inside the payload, §5.3).</summary>
    MessageParent = 0x0013,

    /// <summary>The padded UTF-8 body (inside the payload, §5.3).</summary>
    MessageBody = 0x0014,

    /// <summary>A participant id (greeting packets, §5.2.3: the packet's originator).</summary>
    Source = 0x0100,

    /// <summary>The upflow's recipient (absent in a broadcast).</summary>
    Dest = 0x0101,

    /// <summary>A participating member, once per member, in the operation's order.</summary>
    Member = 0x0102,

    /// <summary>An intermediate key of the GKA.</summary>
    IntKey = 0x0103,

    /// <summary>A member's ASKE nonce.</summary>
    Nonce = 0x0104,

    /// <summary>A member's ephemeral public signing key.</summary>
    PubKey = 0x0105,

    /// <summary>The author's ASKE session signature (static identity key).</summary>
    SessionSignature = 0x0106,

    /// <summary>The operation and stage of a greeting packet.</summary>
    GreetType = 0x01ff,

    /// <summary>The packet id of the previous operation's final packet (first packet of an operation without upflow).</summary>
    PrevPf = 0x0301,

    /// <summary>The chain hash of that packet, as the initiator computed it.</summary>
    ChainHash = 0x0302,

    /// <summary>A latest data message of the previous subsession the initiator had seen.</summary>
    LatestPm = 0x0303,
}

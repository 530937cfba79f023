namespace E2eeConformance.Mpenc.Wire;

/// <summary>
/// The record types of mpENC packets (seed 003 §5.1, §5.3, §5.2.3). The document names the records but not their
/// numbers; these are the numbers of the published mpENC implementation (mpenc_js's codec), so that packets can be
/// compared with it (MP-6, docs/protocols/mpenc.md).
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
}

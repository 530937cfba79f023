using Google.Protobuf;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// A session that can encrypt and decrypt (seed 000 §One2one message). Application bytes travel inside the
/// Plaintext wrapper (REFERENCE-BEHAVIOUR §27) and the payload inside an E2eeMsg (REFERENCE-BEHAVIOUR §28).
/// </summary>
public sealed record EstablishedSession(SessionInfo Info, RatchetState Ratchet) : OneToOneSession(Info)
{
    /// <summary>Wraps application bytes as Plaintext{version, common_msg} and encrypts them.</summary>
    public (EstablishedSession Session, Wire.E2eeMsg Message) EncryptCommon(ReadOnlySpan<byte> appBytes, IRandomSource random, ProtocolDeviations deviations = ProtocolDeviations.None) =>
        Encrypt(new Wire.Plaintext { Version = Info.Version.Plaintext, CommonMsg = ByteString.CopyFrom(appBytes) }, random, deviations);

    /// <summary>
    /// Encrypts any Plaintext variant (common message, group pre-key bundle, …) into an E2eeMsg
    /// (session_manager.c:produce_send_one2one_msg_request). Draws 16 random bytes for the msg_id.
    /// <paramref name="deviations"/>: see <see cref="DoubleRatchet.Encrypt"/>.
    /// </summary>
    public (EstablishedSession Session, Wire.E2eeMsg Message) Encrypt(Wire.Plaintext plaintext, IRandomSource random, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        (RatchetState next, Wire.One2oneMsgPayload payload) = DoubleRatchet.Encrypt(Ratchet, Info.AssociatedData, plaintext.ToByteArray(), deviations);
        var message = new Wire.E2eeMsg
        {
            Version = Info.Version.Protocol,
            From = Info.OurAddress.Clone(),
            To = Info.TheirAddress.Clone(),
            MsgId = Uuid.New(random),
            SessionId = Info.SessionId,
            One2OneMsg = payload,
        };
        return (this with { Ratchet = next }, message);
    }

    /// <summary>
    /// Decrypts an E2eeMsg of this session and parses its Plaintext. Any failure throws
    /// <see cref="ProtocolException"/> and this session (immutable) stays as it was. <paramref name="deviations"/>: see
    /// <see cref="DoubleRatchet.Decrypt"/>.
    /// </summary>
    public (EstablishedSession Session, Wire.Plaintext Plaintext) Decrypt(Wire.E2eeMsg message, IRandomSource random, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.PayloadCase != Wire.E2eeMsg.PayloadOneofCase.One2OneMsg)
        {
            throw new ProtocolException(ProtocolErrorCode.MissingField, "E2eeMsg carries no one2one_msg payload");
        }

        if (string.IsNullOrEmpty(message.Version))
        {
            throw new ProtocolException(ProtocolErrorCode.MissingField, "E2eeMsg has no version");
        }

        if (message.SessionId != Info.SessionId)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownSession, $"message for session {message.SessionId}, this is {Info.SessionId}");
        }

        if (!Addresses.SameDevice(message.From, Info.TheirAddress))
        {
            throw new ProtocolException(ProtocolErrorCode.WrongAddress, $"message from {Addresses.Format(message.From)}, session peer is {Addresses.Format(Info.TheirAddress)}");
        }

        (RatchetState next, byte[] bytes) = DoubleRatchet.Decrypt(Info.Suite, Ratchet, Info.AssociatedData, message.One2OneMsg, random, deviations);
        Wire.Plaintext plaintext = WireParser.Parse(Wire.Plaintext.Parser, bytes, ProtocolErrorCode.MalformedPlaintext);
        if (string.IsNullOrEmpty(plaintext.Version))
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedPlaintext, "Plaintext has no version");
        }

        return (this with { Ratchet = next }, plaintext);
    }
}

using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.SenderKeys.Pairwise;

/// <summary>
/// A direct (1:1) channel between two devices (seed 004, "Direct messages (1:1) technical flow"): ECDH of the two
/// identity keys → HKDF-SHA-256 → one AES-256-GCM key per direction (SK-3), a counter per direction as the nonce
/// (SK-4), the replay window on the receiving side (SK-7), and metadata bound as associated data (SK-6). The key id of
/// a message is its sender's identity key id: a peer that replaces its identity key is a new session. Pure: encrypting
/// and decrypting give a new session and leave this one as it was; a refused message changes nothing.
/// </summary>
public sealed record PairwiseSession(string Us, string Them, uint OurKeyId, uint TheirKeyId, byte[] SendKey, byte[] ReceiveKey, ulong Sent, ReplayWindow Received)
{
    /// <summary>
    /// The session between <paramref name="us"/> (identity <paramref name="ours"/>, key id <paramref name="ourKeyId"/>)
    /// and <paramref name="them"/> (public key <paramref name="theirs"/>, key id <paramref name="theirKeyId"/>), as either
    /// side computes it from what key discovery gave it.
    /// </summary>
    public static PairwiseSession Establish(string us, P256Identity ours, uint ourKeyId, string them, P256PublicKey theirs, uint theirKeyId)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        byte[] secret = ours.Agree(theirs);
        try
        {
            return new PairwiseSession(us, them, ourKeyId, theirKeyId,
                KeySchedule.PairwiseKey(secret, ours.PublicKey, theirs), KeySchedule.PairwiseKey(secret, theirs, ours.PublicKey), 0, ReplayWindow.Empty);
        }
        finally
        {
            Array.Clear(secret);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> with the next counter.</summary>
    public (PairwiseSession Session, PairwiseMessage Message) Encrypt(ReadOnlySpan<byte> plaintext)
    {
        if (Sent == ulong.MaxValue)
        {
            throw new SenderKeyException(SenderKeyErrorCode.CounterOverflow, "the sending counter cannot grow any more");
        }

        ulong counter = Sent + 1;
        byte[] ad = AssociatedData.Of(AssociatedData.Pairwise, Us, Them, OurKeyId, counter);
        byte[] sealedText = Aead.Seal(SendKey, KeySchedule.PairwiseNonce(counter), ad, plaintext);
        return (this with { Sent = counter }, new PairwiseMessage(Us, Them, OurKeyId, counter, sealedText));
    }

    /// <summary>Checks the metadata, the window and the tag, then decrypts.</summary>
    public (PairwiseSession Session, byte[] Plaintext) Decrypt(PairwiseMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Sender != Them || message.Recipient != Us)
        {
            throw new SenderKeyException(SenderKeyErrorCode.WrongAddress, $"a message from {message.Sender} to {message.Recipient} in the session of {Us} with {Them}");
        }

        if (message.KeyId != TheirKeyId)
        {
            throw new SenderKeyException(SenderKeyErrorCode.UnknownKeyId, $"{Them} wrote under identity key {message.KeyId}; this session knows {TheirKeyId}");
        }

        Received.Check(message.Counter);
        byte[] ad = AssociatedData.Of(AssociatedData.Pairwise, Them, Us, TheirKeyId, message.Counter);
        byte[] plaintext = Aead.Open(ReceiveKey, KeySchedule.PairwiseNonce(message.Counter), ad, message.Sealed);
        return (this with { Received = Received.Accept(message.Counter) }, plaintext);
    }

    /// <inheritdoc/>
    public override string ToString() => $"PairwiseSession({Us} ↔ {Them}, sent {Sent}, newest received {Received.Newest})";
}

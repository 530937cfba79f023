namespace E2eeConformance.SenderKeys.Pairwise;

/// <summary>
/// A direct message as the relay server forwards it (seed 004, "Transport": encrypted payload plus metadata — sender
/// id, key id, counter; the timestamp is the server's): <see cref="Sealed"/> is ciphertext ‖ tag.
/// </summary>
public sealed record PairwiseMessage(string Sender, string Recipient, uint KeyId, ulong Counter, byte[] Sealed)
{
    /// <inheritdoc/>
    public override string ToString() => $"PairwiseMessage({Sender} → {Recipient}, key {KeyId}, #{Counter}, {Sealed.Length} bytes)";
}

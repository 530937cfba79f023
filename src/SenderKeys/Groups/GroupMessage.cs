namespace E2eeConformance.SenderKeys.Groups;

/// <summary>
/// A group message as the relay forwards it to every member (seed 004, "normal group payloads use the sender-key fast
/// path (single encryption per message)"): the metadata in clear, <see cref="Sealed"/> = ciphertext ‖ tag.
/// </summary>
public sealed record GroupMessage(string Group, string Sender, uint KeyId, ulong Counter, byte[] Sealed)
{
    /// <inheritdoc/>
    public override string ToString() => $"GroupMessage({Sender} → {Group}, key {KeyId}, #{Counter}, {Sealed.Length} bytes)";
}

using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Groups;

namespace E2eeConformance.SenderKeys.Device;

/// <summary>
/// What travels inside a pairwise message (decision SK-17): one kind byte, then a text (1) or a sender key
/// distribution (2) — the seed's "shared to each current member over existing 1:1 encrypted sessions".
/// </summary>
public static class PairwisePlaintext
{
    private const byte TextKind = 1;
    private const byte KeyKind = 2;

    /// <summary>A text.</summary>
    public static byte[] Text(ReadOnlySpan<byte> text) => [TextKind, .. text];

    /// <summary>A sender key.</summary>
    public static byte[] Key(SenderKeyDistribution distribution) => [KeyKind, .. (distribution ?? throw new ArgumentNullException(nameof(distribution))).Encode()];

    /// <summary>Reads one: a text, or a distribution; <c>malformed</c> otherwise.</summary>
    public static (byte[]? Text, SenderKeyDistribution? Key) Read(ReadOnlySpan<byte> plaintext) =>
        plaintext.IsEmpty ? throw new SenderKeyException(SenderKeyErrorCode.Malformed, "an empty pairwise plaintext")
        : plaintext[0] == TextKind ? (plaintext[1..].ToArray(), null)
        : plaintext[0] == KeyKind ? (null, SenderKeyDistribution.Decode(plaintext[1..]))
        : throw new SenderKeyException(SenderKeyErrorCode.Malformed, $"unknown pairwise plaintext kind {plaintext[0]}");
}

using System.Text.RegularExpressions;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Vectors;

/// <summary>
/// The reference harness's deterministic random stream (block k = SHA-256(SHA-256(label) ‖ le64(k)), one stream shared
/// by every draw; vectors/reference/README.md). Vectors record the outcome of each draw (keys, KEM
/// ciphertexts, uuids) but not where in the stream it was taken; <see cref="Locate"/> finds the offset whose bytes
/// reproduce a recorded outcome, so our engine can be fed exactly the reference's randomness.
/// </summary>
internal sealed partial class RecordedStream
{
    private readonly byte[] _stream;

    private RecordedStream(byte[] stream) => _stream = stream;

    /// <summary>Where the last located draw ended: the search for the next one starts there.</summary>
    public int Hint { get; set; }

    /// <summary>Reads the label out of a vector's <c>rng</c> description; null when the file has none.</summary>
    public static RecordedStream? FromDescription(string? rng, long bytesConsumed)
    {
        if (rng is null)
        {
            return null;
        }

        Match m = LabelPattern().Match(rng);
        if (!m.Success)
        {
            return null;
        }

        var random = new ReferenceStreamRandom(m.Groups[1].Value);
        byte[] stream = new byte[checked((int)Math.Max(bytesConsumed, 0) + 256)];
        random.Fill(stream);
        return new RecordedStream(stream);
    }

    /// <summary>
    /// For files that do not name their label: tries each candidate label and keeps the one whose stream contains
    /// <paramref name="knownDraw"/> literally (32 random bytes, such as a group seed, identify the stream beyond doubt).
    /// </summary>
    public static RecordedStream? FromCandidates(IEnumerable<string> labels, long bytesConsumed, ReadOnlySpan<byte> knownDraw)
    {
        foreach (string label in labels)
        {
            RecordedStream? stream = FromDescription($"'{label}'", bytesConsumed);
            if (stream is not null && stream.TryLocateLiteral(knownDraw))
            {
                return stream;
            }
        }

        return null;
    }

    /// <summary>Finds where <paramref name="recorded"/> occurs literally (uuids are drawn raw) and moves the hint past it.</summary>
    public bool TryLocateLiteral(ReadOnlySpan<byte> recorded)
    {
        int at = _stream.AsSpan().IndexOf(recorded);
        if (at < 0)
        {
            return false;
        }

        Hint = at + recorded.Length;
        return true;
    }

    /// <summary>
    /// Finds the <paramref name="length"/>-byte draw for which <paramref name="reproduces"/> holds, searching outward
    /// from the hint; returns those bytes and moves the hint past them, or null.
    /// </summary>
    public byte[]? Locate(int length, Func<byte[], bool> reproduces)
    {
        int max = _stream.Length - length;
        for (int d = 0; d <= max; d++)
        {
            foreach (int at in (int[])[Hint + d, Hint - d - 1])
            {
                if (at < 0 || at > max)
                {
                    continue;
                }

                byte[] candidate = _stream.AsSpan(at, length).ToArray();
                if (reproduces(candidate))
                {
                    Hint = at + length;
                    return candidate;
                }
            }

            if (Hint + d > max && Hint - d - 1 < 0)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>The label quoted in a vector's <c>rng</c> description, or null.</summary>
    public static string? LabelOf(string? rng) => rng is not null && LabelPattern().Match(rng) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex LabelPattern();
}

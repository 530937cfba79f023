using System.Text.Json.Nodes;

namespace E2eeConformance.Vectors;

/// <summary>
/// The messages of a one-to-one vector file read two ways (vectors/README.md, "Messages that were never delivered"):
/// <list type="bullet">
/// <item><see cref="Sent"/>: every sent message in send order (<c>n</c>), the delivered ones of <c>messages</c> and the
/// never-delivered ones of the optional <c>undelivered_messages</c> (same fields minus the delivery fields);</item>
/// <item><see cref="Delivered"/>: <c>messages</c> in array order, which is delivery order.</item>
/// </list>
/// Send positions run from 1 to the largest <c>n</c>; those that neither list holds are <see cref="Missing"/>: the
/// sender encrypted something there that the file does not show.
/// </summary>
internal sealed class One2OneTranscript
{
    /// <summary>The list of never-delivered messages (optional in both our schema and the reference's).</summary>
    public const string UndeliveredField = "undelivered_messages";

    /// <summary>
    /// The largest send position a file may use: every position up to the largest is accounted for (delivered,
    /// undelivered or missing), so a hostile <c>n</c> must not make the reader count to four billion.
    /// </summary>
    public const long MaxSendPosition = 100_000;

    private One2OneTranscript(IReadOnlyList<Entry> sent, IReadOnlyList<JsonNode> delivered, IReadOnlyList<long> missing) =>
        (Sent, Delivered, Missing) = (sent, delivered, missing);

    /// <summary>Every sent message of the file, ordered by <c>n</c>.</summary>
    public IReadOnlyList<Entry> Sent { get; }

    /// <summary>The delivered messages in delivery order (the array order of <c>messages</c>).</summary>
    public IReadOnlyList<JsonNode> Delivered { get; }

    /// <summary>Send positions 1 … max n the file holds no message for, ascending.</summary>
    public IReadOnlyList<long> Missing { get; }

    /// <summary>Reads <c>messages</c> and <c>undelivered_messages</c>; a repeated or non-positive <c>n</c> is a format error.</summary>
    public static One2OneTranscript Read(JsonNode root)
    {
        List<JsonNode> delivered = [.. root.Array("messages").Select((m, i) => m ?? throw new VectorFormatException($"messages[{i}] is null"))];
        JsonArray undelivered = root.Optional(UndeliveredField) is null ? [] : root.Array(UndeliveredField);
        var sent = new List<Entry>();
        var seen = new HashSet<long>();
        foreach ((JsonNode m, bool isDelivered) in delivered.Select(m => (m, true))
                     .Concat(undelivered.Select((m, i) => (m ?? throw new VectorFormatException($"{UndeliveredField}[{i}] is null"), false))))
        {
            long n = m.Long("n");
            if (n is < 1 or > MaxSendPosition)
            {
                throw new VectorFormatException($"send position n = {n} is outside 1 … {MaxSendPosition}");
            }

            if (!seen.Add(n))
            {
                throw new VectorFormatException($"send position n = {n} appears twice (messages and {UndeliveredField} together hold each send position once)");
            }

            sent.Add(new Entry(n, m.Str("from"), m, isDelivered));
        }

        sent.Sort((a, b) => a.N.CompareTo(b.N));
        long last = sent.Count == 0 ? 0 : sent[^1].N;
        List<long> missing = [];
        for (long n = 1; n < last; n++)
        {
            if (!seen.Contains(n))
            {
                missing.Add(n);
            }
        }

        return new One2OneTranscript(sent, delivered, missing);
    }

    /// <summary>The missing send positions strictly between <paramref name="after"/> and <paramref name="before"/>.</summary>
    public IReadOnlyList<long> MissingBetween(long after, long before) => [.. Missing.Where(n => n > after && n < before)];

    /// <summary>"send position 23 is not in the file", "send positions 5, 22…23 are not in the file".</summary>
    public static string Describe(IReadOnlyCollection<long> positions)
    {
        var ranges = new List<string>();
        long[] sorted = [.. positions.Order()];
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            ranges.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}…{sorted[j]}");
            i = j + 1;
        }

        return sorted.Length == 1
            ? $"send position {sorted[0]} is not in the file"
            : $"send positions {string.Join(", ", ranges)} are not in the file";
    }

    /// <summary>One sent message: its send position, its sender, its record, and whether it is in <c>messages</c>.</summary>
    public sealed record Entry(long N, string From, JsonNode Node, bool Delivered);
}

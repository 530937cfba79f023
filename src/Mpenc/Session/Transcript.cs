using System.Collections.Immutable;

namespace E2eeConformance.Mpenc.Session;

/// <summary>One accepted message of a subsession's transcript: its id (hex SHA-256 of its packet), author, parents, body, when it was accepted, and who has acknowledged it.</summary>
public sealed record TranscriptEntry(string Id, string Author, ImmutableArray<string> Parents, string Body, long AcceptedAtMs, ImmutableHashSet<string> AckedBy, bool Warned)
{
    /// <summary>Whether it carries content (a text); an empty body is a flow-control message — an explicit acknowledgement or a heartbeat (MP-17).</summary>
    public bool IsContent => Body.Length > 0;
}

/// <summary>
/// A subsession's messages in causal order (seed 003 §3.4, §4.3 Transcript): append-only, a message accepted only after
/// all its parents; the heads (messages no accepted message names as a parent); each author's latest message; and the
/// acknowledgements parent references imply (§3.5: a message acknowledges every ancestor, transitively). A value: every
/// change returns a new transcript.
/// </summary>
public sealed class Transcript
{
    private Transcript(ImmutableDictionary<string, TranscriptEntry> entries, ImmutableList<string> order, ImmutableHashSet<string> heads, ImmutableDictionary<string, string> latestBy, ImmutableHashSet<string> claimed)
    {
        Entries = entries;
        Order = order;
        Heads = heads;
        LatestBy = latestBy;
        Claimed = claimed;
    }

    /// <summary>An empty transcript.</summary>
    public static Transcript Empty { get; } = new(ImmutableDictionary.Create<string, TranscriptEntry>(StringComparer.Ordinal), [], ImmutableHashSet.Create<string>(StringComparer.Ordinal), ImmutableDictionary.Create<string, string>(StringComparer.Ordinal), ImmutableHashSet.Create<string>(StringComparer.Ordinal));

    /// <summary>The messages by id.</summary>
    public ImmutableDictionary<string, TranscriptEntry> Entries { get; }

    /// <summary>The ids in order of acceptance (a linearisation of the causal order).</summary>
    public ImmutableList<string> Order { get; }

    /// <summary>The latest messages: what a new message names as its parents.</summary>
    public ImmutableHashSet<string> Heads { get; }

    /// <summary>Each author's latest message.</summary>
    public ImmutableDictionary<string, string> LatestBy { get; }

    /// <summary>Ids an accepted message named as parents before they were accepted (only an author's own claims can: others' messages wait for their parents).</summary>
    private ImmutableHashSet<string> Claimed { get; }

    /// <summary>Whether the message of this id is accepted.</summary>
    public bool Contains(string id) => Entries.ContainsKey(id);

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="of"/> or one of its ancestors.</summary>
    public bool IsAncestorOrSelf(string ancestor, string of)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([of]);
        while (stack.TryPop(out string? id))
        {
            if (id == ancestor)
            {
                return true;
            }

            if (seen.Add(id) && Entries.TryGetValue(id, out TranscriptEntry? e))
            {
                foreach (string p in e.Parents)
                {
                    stack.Push(p);
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Why a message with these parents cannot join the transcript (§3.4's rules), or null: its parents must form an
    /// antichain (none an ancestor of another), and it must follow its author's latest message (an author's messages form
    /// a line). Every parent must be in the transcript already (the caller defers the message until they are).
    /// </summary>
    public string? Violation(string author, IReadOnlyList<string> parents)
    {
        for (int i = 0; i < parents.Count; i++)
        {
            for (int j = 0; j < parents.Count; j++)
            {
                if (i != j && (parents[i] == parents[j] || IsAncestorOrSelf(parents[i], parents[j])))
                {
                    return $"its parents are not an antichain ({Short(parents[i])} precedes {Short(parents[j])})";
                }
            }
        }

        return LatestBy.TryGetValue(author, out string? latest) && !parents.Any(p => IsAncestorOrSelf(latest, p))
            ? $"it does not follow {author}'s previous message {Short(latest)}: an author's messages form a line"
            : null;
    }

    /// <summary>The transcript with <paramref name="entry"/> accepted: it becomes a head, its parents stop being heads, and its author has acknowledged every ancestor.</summary>
    public Transcript Add(TranscriptEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ImmutableDictionary<string, TranscriptEntry>.Builder entries = Entries.ToBuilder();
        entries[entry.Id] = entry with { AckedBy = entry.AckedBy.Add(entry.Author) };
        var stack = new Stack<string>(entry.Parents);
        while (stack.TryPop(out string? id))
        {
            if (entries.TryGetValue(id, out TranscriptEntry? e) && !e.AckedBy.Contains(entry.Author))
            {
                entries[id] = e with { AckedBy = e.AckedBy.Add(entry.Author) };
                foreach (string p in e.Parents)
                {
                    stack.Push(p);
                }
            }
        }

        // A message that an accepted one already names (an author claimed it before it came) is no head.
        ImmutableHashSet<string> heads = Heads.Except(entry.Parents);
        ImmutableHashSet<string> claimed = Claimed.Union(entry.Parents.Where(p => !Entries.ContainsKey(p)));
        return new Transcript(entries.ToImmutable(), Order.Add(entry.Id), Claimed.Contains(entry.Id) ? heads : heads.Add(entry.Id), LatestBy.SetItem(entry.Author, entry.Id), claimed.Remove(entry.Id));
    }

    /// <summary>The transcript with one entry replaced (a warning noted on it).</summary>
    public Transcript With(TranscriptEntry entry) => new(Entries.SetItem(entry.Id, entry), Order, Heads, LatestBy, Claimed);

    /// <summary>The first eight hex digits of an id, as transcripts show it.</summary>
    public static string Short(string id) => id.Length > 8 ? id[..8] : id;
}

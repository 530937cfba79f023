namespace E2eeConformance.Vectors;

/// <summary>
/// What the send positions a one-to-one file lacks (<see cref="One2OneTranscript.Missing"/>) do to its sender replay
/// (vectors/README.md, "Messages that were never delivered"). A party's recorded <c>sending_message_sequence</c> (in
/// its payloads and in its ratchet after each receive) says how many messages it has sent; when that runs ahead of
/// the messages the replay has encrypted for it, and the file lacks at least that many send positions since that
/// party's previous message, the party sent messages the file does not show. The replay then steps the party's sender
/// chain over them (so its later chains and every receiver check stay exact) and reports the sender-side check of
/// every later message of that same chain as not checkable: its state comes from counting, not from replaying.
/// A count that missing positions cannot explain is not a gap: the ordinary checks report it as a mismatch.
/// </summary>
internal sealed class SendGaps(One2OneTranscript transcript)
{
    private readonly Dictionary<string, long> _lastSent = [];
    private readonly Dictionary<string, (uint RootSequence, SortedSet<long> Positions)> _open = [];

    /// <summary>
    /// How many sends of <paramref name="party"/> the file lacks before send position <paramref name="before"/>, when
    /// the replay has counted <paramref name="ours"/> and the file records <paramref name="recorded"/>; 0 when the
    /// counts agree or the missing positions since the party's previous message cannot account for the difference.
    /// </summary>
    public (int Count, IReadOnlyList<long> Positions) Unrecorded(string party, long before, uint ours, uint recorded)
    {
        if (recorded <= ours)
        {
            return (0, []);
        }

        IReadOnlyList<long> missing = transcript.MissingBetween(_lastSent.GetValueOrDefault(party), before);
        long behind = (long)recorded - ours;
        return behind <= missing.Count ? ((int)behind, missing) : (0, []);
    }

    /// <summary>Records that the party's sender chain at <paramref name="rootSequence"/> was stepped over missing positions.</summary>
    public void Open(string party, uint rootSequence, IReadOnlyList<long> positions)
    {
        if (!_open.TryGetValue(party, out var gap) || gap.RootSequence != rootSequence)
        {
            gap = (rootSequence, []);
            _open[party] = gap;
        }

        gap.Positions.UnionWith(positions);
    }

    /// <summary>Why a message of the party's chain at <paramref name="rootSequence"/> is not checkable, or null when it is.</summary>
    public string? NotCheckable(string party, uint rootSequence) =>
        _open.TryGetValue(party, out var gap) && gap.RootSequence == rootSequence ? One2OneTranscript.Describe(gap.Positions) : null;

    /// <summary>The party's last message in the file was sent at <paramref name="n"/>.</summary>
    public void Sent(string party, long n) => _lastSent[party] = n;
}

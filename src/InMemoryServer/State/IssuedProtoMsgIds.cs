namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// The ProtoMsg ids a new one must not repeat (issue 12: bounded memory): the ids of unconsumed messages (as many as
/// the inboxes hold, which their limits bound) and a window of the last <see cref="ConsumedWindow"/> consumed ones.
/// Replay horizon: an id is never issued again while its message is unconsumed, nor within the next
/// <see cref="ConsumedWindow"/> consumptions server-wide — far beyond the 256 ids a device remembers as processed. The
/// sequential and random id sources never repeat themselves in practice; this guards sources that might. Before, every
/// id ever issued was kept (about 90 bytes a message, without end). Each change can be reverted (atomic requests).
/// </summary>
internal sealed class IssuedProtoMsgIds
{
    /// <summary>How many consumed ids are remembered (server ids are at most 43 characters: about 8 MB).</summary>
    public const int ConsumedWindow = 65_536;

    private readonly HashSet<string> _unconsumed = new(StringComparer.Ordinal);
    private readonly IdWindow _consumed = new(ConsumedWindow);

    /// <summary>How many ids are remembered in all (for tests and benchmarks).</summary>
    public int Count => _unconsumed.Count + _consumed.Count;

    /// <summary>Takes <paramref name="id"/> for a new message: false when it is in use or consumed recently.</summary>
    public bool TryIssue(string id) => !_consumed.Contains(id) && _unconsumed.Add(id);

    /// <summary>Reverts <see cref="TryIssue"/> of <paramref name="id"/> (its message was not stored after all).</summary>
    public void Release(string id) => _unconsumed.Remove(id);

    /// <summary>
    /// The message with <paramref name="id"/> was consumed: its id moves to the window. Returns how to revert that,
    /// or null when nothing changed (the id was not in use).
    /// </summary>
    public Action? Consumed(string id)
    {
        if (!_unconsumed.Contains(id) || _consumed.Add(id) is not { } windowed)
        {
            return null;
        }

        _unconsumed.Remove(id);
        return () =>
        {
            windowed();
            _unconsumed.Add(id);
        };
    }

    /// <summary>Every remembered id, unconsumed (sorted) then consumed (oldest first): for whole-state comparisons in tests.</summary>
    public IEnumerable<string> Describe() =>
        _unconsumed.Order(StringComparer.Ordinal).Select(id => $"unconsumed {id}").Concat(_consumed.Items().Select(id => $"consumed {id}"));
}

namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// The ProtoMsg ids a new one must not repeat (issue 12: bounded memory): the ids of unconsumed messages (as many as
/// the inboxes hold, which their limits bound) and a window of the last <see cref="ConsumedWindow"/> consumed ones.
/// Replay horizon: an id is never issued again while its message is unconsumed, nor within the next
/// <see cref="ConsumedWindow"/> consumptions server-wide — far beyond the 256 ids a device remembers as processed. The
/// sequential and random id sources never repeat themselves in practice; this guards sources that might. Before, every
/// id ever issued was kept (about 90 bytes a message, without end).
/// </summary>
internal sealed class IssuedProtoMsgIds
{
    /// <summary>How many consumed ids are remembered (server ids are at most 43 characters: about 8 MB).</summary>
    public const int ConsumedWindow = 65_536;

    private readonly HashSet<string> _unconsumed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);
    private readonly Queue<string> _consumedOrder = new();

    /// <summary>How many ids are remembered in all (for tests and benchmarks).</summary>
    public int Count => _unconsumed.Count + _consumed.Count;

    /// <summary>Takes <paramref name="id"/> for a new message: false when it is in use or consumed recently.</summary>
    public bool TryIssue(string id) => !_consumed.Contains(id) && _unconsumed.Add(id);

    /// <summary>The message with <paramref name="id"/> was consumed: its id moves to the window.</summary>
    public void Consumed(string id)
    {
        if (!_unconsumed.Remove(id) || !_consumed.Add(id))
        {
            return;
        }

        _consumedOrder.Enqueue(id);
        if (_consumedOrder.Count > ConsumedWindow)
        {
            _consumed.Remove(_consumedOrder.Dequeue());
        }
    }
}

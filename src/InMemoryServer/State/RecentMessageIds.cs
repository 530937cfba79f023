namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// The last message ids a device sent (E2eeMsg.msg_id), so a re-sent request — a device restarted after a crash sends
/// its unconfirmed outbox again — is accepted without storing the message twice (an idempotency key). Each addition
/// can be reverted (atomic requests).
/// </summary>
internal sealed class RecentMessageIds
{
    /// <summary>How many ids are remembered per sending device.</summary>
    public const int Capacity = 4096;

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();

    public bool Contains(string id) => _ids.Contains(id);

    /// <summary>Remembers <paramref name="id"/>, forgetting the oldest beyond the capacity; returns how to revert that (null: already known).</summary>
    public Action? Add(string id)
    {
        if (!_ids.Add(id))
        {
            return null;
        }

        _order.AddLast(id);
        string? evicted = null;
        if (_order.Count > Capacity)
        {
            evicted = _order.First!.Value;
            _order.RemoveFirst();
            _ids.Remove(evicted);
        }

        return () =>
        {
            if (evicted is not null)
            {
                _order.AddFirst(evicted);
                _ids.Add(evicted);
            }

            _order.RemoveLast();
            _ids.Remove(id);
        };
    }

    /// <summary>The ids, oldest first: for whole-state comparisons in tests.</summary>
    public IEnumerable<string> Describe() => _order;
}

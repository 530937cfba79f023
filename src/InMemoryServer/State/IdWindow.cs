namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// The last <c>capacity</c> distinct ids seen, oldest forgotten first: a set for lookups and a <see cref="RingQueue{T}"/>
/// for their order. Each addition returns how to revert it, the eviction it caused included (atomic requests).
/// </summary>
internal sealed class IdWindow(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly RingQueue<string> _order = new();

    public int Count => _ids.Count;

    public bool Contains(string id) => _ids.Contains(id);

    /// <summary>Remembers <paramref name="id"/>, forgetting the oldest beyond the capacity; returns how to revert that (null: already known).</summary>
    public Action? Add(string id)
    {
        if (!_ids.Add(id))
        {
            return null;
        }

        _order.AddLast(id);
        string? evicted = _order.Count > capacity ? _order.RemoveFirst() : null;
        if (evicted is not null)
        {
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

    /// <summary>The ids, oldest first.</summary>
    /// <summary>The id added longest ago, if any.</summary>
    public string? Oldest => _order.Count > 0 ? _order.First : null;

    /// <summary>Forgets the oldest id (the window must not be empty); returns the undo.</summary>
    public Action RemoveOldest()
    {
        string id = _order.RemoveFirst();
        _ids.Remove(id);
        return () =>
        {
            _order.AddFirst(id);
            _ids.Add(id);
        };
    }

    public IEnumerable<string> Items() => _order.Items();
}

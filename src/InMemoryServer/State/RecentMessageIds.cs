namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// The last message ids a device sent (E2eeMsg.msg_id), so a re-sent request — a device restarted after a crash sends
/// its unconfirmed outbox again — is accepted without storing the message twice (an idempotency key).
/// </summary>
internal sealed class RecentMessageIds
{
    /// <summary>How many ids are remembered per sending device.</summary>
    public const int Capacity = 4096;

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool Contains(string id) => _ids.Contains(id);

    public void Add(string id)
    {
        if (!_ids.Add(id))
        {
            return;
        }

        _order.Enqueue(id);
        if (_order.Count > Capacity)
        {
            _ids.Remove(_order.Dequeue());
        }
    }
}

namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// The last message ids a device sent (E2eeMsg.msg_id; the digests of its invites and PQC accepts), so a re-sent
/// request — a device restarted after a crash sends its unconfirmed outbox again — is accepted without storing the
/// message twice (an idempotency key). Each addition can be reverted (atomic requests).
/// </summary>
internal sealed class RecentMessageIds
{
    /// <summary>How many ids are remembered per sending device.</summary>
    public const int Capacity = 4096;

    private readonly IdWindow _window = new(Capacity);

    public bool Contains(string id) => _window.Contains(id);

    /// <summary>Remembers <paramref name="id"/>, forgetting the oldest beyond the capacity; returns how to revert that (null: already known).</summary>
    public Action? Add(string id) => _window.Add(id);

    /// <summary>How many ids are remembered.</summary>
    public int Count => _window.Count;

    /// <summary>The id remembered longest ago, if any.</summary>
    public string? Oldest => _window.Oldest;

    /// <summary>Forgets the oldest id (there must be one); returns the undo.</summary>
    public Action RemoveOldest() => _window.RemoveOldest();

    /// <summary>The ids, oldest first: for whole-state comparisons in tests.</summary>
    public IEnumerable<string> Describe() => _window.Items();
}

namespace E2eeConformance.RoomKeys.Server;

/// <summary>
/// RK-22: which room-key generations each member of a room has, as far as the server can tell — it made the key, or
/// the server relayed it the key (<see cref="Holds"/>) — and the keys the server has asked a holder to send a member
/// and not seen yet (pending). Only the current generation and the one before it are kept.
/// </summary>
public sealed class MemberKeys
{
    private readonly Dictionary<string, HashSet<uint>> _held = new(StringComparer.Ordinal);
    private readonly List<(string Holder, string User, uint Generation)> _pending = [];

    /// <summary>Whether <paramref name="user"/> holds the key of <paramref name="generation"/> (made or relayed).</summary>
    public bool Holds(string user, uint generation) => _held.TryGetValue(user, out HashSet<uint>? keys) && keys.Contains(generation);

    /// <summary>Whether <paramref name="user"/> holds the key of <paramref name="generation"/> or a holder was asked to send it.</summary>
    public bool Has(string user, uint generation) =>
        Holds(user, generation) || _pending.Exists(p => p.User == user && p.Generation == generation);

    /// <summary><paramref name="user"/> holds the key of <paramref name="generation"/> now (the room is at <paramref name="current"/>).</summary>
    public void Note(string user, uint generation, uint current)
    {
        if (!_held.TryGetValue(user, out HashSet<uint>? keys))
        {
            _held[user] = keys = [];
        }

        keys.Add(generation);
        _pending.RemoveAll(p => p.User == user && p.Generation == generation);
        foreach (HashSet<uint> held in _held.Values)
        {
            held.RemoveWhere(g => g + 1UL < current);
        }

        _pending.RemoveAll(p => p.Generation + 1UL < current);
    }

    /// <summary><paramref name="holder"/> was asked to send <paramref name="user"/> the key of <paramref name="generation"/>.</summary>
    public void Ask(string holder, string user, uint generation)
    {
        _pending.RemoveAll(p => p.User == user && p.Generation == generation);
        _pending.Add((holder, user, generation));
    }

    /// <summary>A member is out: what it held is forgotten; the keys it was asked to send to others are returned (to ask someone else).</summary>
    public IReadOnlyList<(string User, uint Generation)> Forget(string user)
    {
        _held.Remove(user);
        _pending.RemoveAll(p => p.User == user);
        List<(string User, uint Generation)> orphaned = [.. _pending.Where(p => p.Holder == user).Select(p => (p.User, p.Generation))];
        _pending.RemoveAll(p => p.Holder == user);
        return orphaned;
    }
}

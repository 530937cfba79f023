using System.Security.Cryptography;
using Google.Protobuf;
using E2eeConformance.InMemoryServer.State;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// Owns the recent E2eeMsg ids of every sending device (<see cref="RecentMessageIds"/>, keyed by the device address),
/// shared by the one-to-one relay and the group fan-out: a request that re-sends a message id (a device restarted
/// after a crash sends its unconfirmed outbox again) is answered OK without storing the message twice. Invites and
/// accepts carry no message id: a byte-identical re-send of an invite (fresh keys and session id every time) or of a
/// PQC accept (a fresh KEM ciphertext) is recognised by its digest (<see cref="ContentKey"/>), so the peer does not
/// receive it twice and report a replay (found by the process-kill test, issue 12 §7).
/// Used only under the server's lock; what it records is reverted when the request fails (<paramref name="journal"/>).
/// <para>
/// Bounded in all (issue 17 §4): besides each sender's last <see cref="RecentMessageIds.Capacity"/> ids, at most
/// <see cref="GlobalCapacity"/> ids are remembered over all senders together — beyond it the id recorded longest ago,
/// whoever sent it, is forgotten, and a sender with no id left is forgotten too. So the memory it takes stops growing
/// with the number of messages and of devices: 10,000 devices each sending now and then no longer keep 4,096 ids each.
/// A re-send comes right after the send it repeats (a device restarted after a crash), far inside both windows.
/// </para>
/// </summary>
internal sealed class DuplicateMessageFilter(RequestJournal journal)
{
    /// <summary>The most message ids remembered over all senders together.</summary>
    public const int GlobalCapacity = 65_536;

    private readonly Dictionary<string, RecentMessageIds> _recentMessageIds = new(StringComparer.Ordinal);

    /// <summary>Every id recorded, oldest first, with its sender (some already forgotten by their sender's own window).</summary>
    private readonly RingQueue<(string Sender, string Id)> _arrivals = new();

    /// <summary>
    /// A message id this device already sent: the request is a re-send and is answered OK without storing the message
    /// again. Records the id otherwise. Empty ids are never deduplicated.
    /// </summary>
    public bool IsDuplicate(DeviceRecord caller, string msgId)
    {
        if (string.IsNullOrEmpty(msgId))
        {
            return false;
        }

        string key = caller.Name;
        if (!_recentMessageIds.TryGetValue(key, out RecentMessageIds? ids))
        {
            ids = new RecentMessageIds();
            _recentMessageIds[key] = ids;
            journal.Changed("message ids of a new sender", () => _recentMessageIds.Remove(key));
        }

        if (ids.Contains(msgId))
        {
            return true;
        }

        journal.Changed("message id recorded", ids.Add(msgId)!);
        _arrivals.AddLast((key, msgId));
        journal.Changed("message id queued", _arrivals.RemoveLast);
        while (_arrivals.Count > GlobalCapacity)
        {
            ForgetOldest();
        }

        return false;
    }

    /// <summary>
    /// Forgets the id recorded longest ago over all senders. If its sender still remembers it, it is that sender's oldest
    /// (every older id of the sender arrived earlier and was forgotten first); an id re-recorded later has its own, later
    /// arrival and stays.
    /// </summary>
    private void ForgetOldest()
    {
        (string sender, string id) = _arrivals.RemoveFirst();
        journal.Changed("message id dequeued", () => _arrivals.AddFirst((sender, id)));
        if (!_recentMessageIds.TryGetValue(sender, out RecentMessageIds? ids) || ids.Oldest != id)
        {
            return;
        }

        journal.Changed("message id forgotten", ids.RemoveOldest());
        if (ids.Count == 0)
        {
            _recentMessageIds.Remove(sender);
            journal.Changed("a sender with no id left forgotten", () => _recentMessageIds[sender] = ids);
        }
    }

    /// <summary>The idempotency key of a message without an id: its kind and the SHA-256 of its bytes as the client sent them.</summary>
    public static string ContentKey(string kind, IMessage message) =>
        $"{kind} {Convert.ToHexString(SHA256.HashData(message.ToByteArray()))}";

    /// <summary>Every sender's recent ids, senders sorted: for whole-state comparisons in tests.</summary>
    public IEnumerable<string> Describe() =>
        _recentMessageIds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"recent ids of {p.Key}: {string.Join(",", p.Value.Describe())}")
            .Append($"message ids in arrival order: {string.Join(",", _arrivals.Items().Select(a => $"{a.Sender} {a.Id}"))}");

    /// <summary>How many message ids are remembered over all senders (at most <see cref="GlobalCapacity"/>).</summary>
    public int Count => _recentMessageIds.Values.Sum(ids => ids.Count);

    /// <summary>How many senders have ids remembered.</summary>
    public int Senders => _recentMessageIds.Count;
}

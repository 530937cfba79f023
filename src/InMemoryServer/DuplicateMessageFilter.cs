using System.Security.Cryptography;
using Google.Protobuf;
using E2eeConformance.Engine.Protocol;
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
/// </summary>
internal sealed class DuplicateMessageFilter(RequestJournal journal)
{
    private readonly Dictionary<string, RecentMessageIds> _recentMessageIds = new(StringComparer.Ordinal);

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

        string key = Addresses.Format(caller.Address);
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
        return false;
    }

    /// <summary>The idempotency key of a message without an id: its kind and the SHA-256 of its bytes as the client sent them.</summary>
    public static string ContentKey(string kind, IMessage message) =>
        $"{kind} {Convert.ToHexString(SHA256.HashData(message.ToByteArray()))}";

    /// <summary>Every sender's recent ids, senders sorted: for whole-state comparisons in tests.</summary>
    public IEnumerable<string> Describe() =>
        _recentMessageIds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"recent ids of {p.Key}: {string.Join(",", p.Value.Describe())}");
}

using E2eeConformance.Engine.Wire;

namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// A device's unconsumed ProtoMsgs in the order they were stored, with their encoded sizes (issue 12): appending and
/// consuming any one of them by its ProtoMsg id cost the same however full the inbox is, so draining a full inbox is
/// linear, not quadratic.
/// </summary>
internal sealed class Inbox
{
    private readonly LinkedList<(ProtoMsg Message, int Size)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(ProtoMsg Message, int Size)>> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, long Bytes)> _bySender = new(StringComparer.Ordinal);

    /// <summary>How many messages wait.</summary>
    public int Count => _order.Count;

    /// <summary>Their encoded size in all (bytes).</summary>
    public long Bytes { get; private set; }

    /// <summary>The messages in the order they were stored (the server's own objects: read-only).</summary>
    public IEnumerable<ProtoMsg> Messages => _order.Select(e => e.Message);

    /// <summary>How many messages and bytes from <paramref name="sender"/> (a formatted address) wait here.</summary>
    public (int Count, long Bytes) From(string sender) => _bySender.GetValueOrDefault(sender);

    /// <summary>Appends <paramref name="message"/>, whose ProtoMsg id is new, with its encoded size.</summary>
    public void Add(ProtoMsg message, int size)
    {
        _byId.Add(message.Tag.ProtoMsgId, _order.AddLast((message, size)));
        Tally(message, 1, size);
    }

    /// <summary>
    /// Removes the message with <paramref name="protoMsgId"/>; returns how to put it back where it was (atomic
    /// requests: valid while the changes made after this one have been reverted first), or null when there is none.
    /// </summary>
    public Action? Remove(string protoMsgId)
    {
        if (!_byId.Remove(protoMsgId, out LinkedListNode<(ProtoMsg Message, int Size)>? node))
        {
            return null;
        }

        LinkedListNode<(ProtoMsg Message, int Size)>? next = node.Next;
        _order.Remove(node);
        Tally(node.Value.Message, -1, -node.Value.Size);
        return () =>
        {
            if (next is null)
            {
                _order.AddLast(node);
            }
            else
            {
                _order.AddBefore(next, node);
            }

            _byId.Add(protoMsgId, node);
            Tally(node.Value.Message, 1, node.Value.Size);
        };
    }

    /// <summary>The totals and per-sender shares: for whole-state comparisons in tests.</summary>
    public string Describe() =>
        $"{Count} messages, {Bytes} bytes; " + string.Join(",", _bySender.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.Count}/{p.Value.Bytes}"));

    private void Tally(ProtoMsg message, int messages, long bytes)
    {
        Bytes += bytes;
        string sender = SenderOf(message);
        (int count, long total) = _bySender.GetValueOrDefault(sender);
        if (count + messages == 0)
        {
            _bySender.Remove(sender);
        }
        else
        {
            _bySender[sender] = (count + messages, total + bytes);
        }
    }

    private static string SenderOf(ProtoMsg message) => Engine.Protocol.Addresses.Format(message.From);
}

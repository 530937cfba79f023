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
        Bytes += size;
        string sender = SenderOf(message);
        (int count, long bytes) = _bySender.GetValueOrDefault(sender);
        _bySender[sender] = (count + 1, bytes + size);
    }

    /// <summary>Removes the message with <paramref name="protoMsgId"/>; false when there is none.</summary>
    public bool Remove(string protoMsgId)
    {
        if (!_byId.Remove(protoMsgId, out LinkedListNode<(ProtoMsg Message, int Size)>? node))
        {
            return false;
        }

        Bytes -= node.Value.Size;
        _order.Remove(node);
        string sender = SenderOf(node.Value.Message);
        (int count, long bytes) = _bySender[sender];
        if (count == 1)
        {
            _bySender.Remove(sender);
        }
        else
        {
            _bySender[sender] = (count - 1, bytes - node.Value.Size);
        }

        return true;
    }

    private static string SenderOf(ProtoMsg message) => Engine.Protocol.Addresses.Format(message.From);
}

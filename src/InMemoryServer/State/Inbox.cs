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

    /// <summary>How many messages wait.</summary>
    public int Count => _order.Count;

    /// <summary>Their encoded size in all (bytes).</summary>
    public long Bytes { get; private set; }

    /// <summary>The messages in the order they were stored (the server's own objects: read-only).</summary>
    public IEnumerable<ProtoMsg> Messages => _order.Select(e => e.Message);

    /// <summary>Appends <paramref name="message"/>, whose ProtoMsg id is new, with its encoded size.</summary>
    public void Add(ProtoMsg message, int size)
    {
        _byId.Add(message.Tag.ProtoMsgId, _order.AddLast((message, size)));
        Bytes += size;
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
        return true;
    }
}

namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// A bounded, thread-safe cache of decoded public keys keyed by their encoding (compared by content): the
/// <see cref="Capacity"/> most recently used keys stay decoded, and the least recently used one is dropped when a new
/// key would exceed it. Public data only — a peer's verifying key as the signature scheme decodes it; no secret goes in
/// here. A lookup hashes the encoding and searches with the caller's span, so a hit allocates nothing.
/// </summary>
/// <typeparam name="TDecoded">The decoded key (an immutable BouncyCastle key object).</typeparam>
internal sealed class PublicKeyCache<TDecoded>
    where TDecoded : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<byte[], LinkedListNode<Entry>> _entries;
    private readonly Dictionary<byte[], LinkedListNode<Entry>>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    /// <summary>The entries, most recently used first.</summary>
    private readonly LinkedList<Entry> _order = new();

    /// <summary>A cache that keeps at most <paramref name="capacity"/> (at least 1) decoded keys.</summary>
    public PublicKeyCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new Dictionary<byte[], LinkedListNode<Entry>>(capacity + 1, ByteContentComparer.Instance);
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The most keys kept.</summary>
    public int Capacity { get; }

    /// <summary>How many keys are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The key decoded from <paramref name="encoding"/>: the kept one, or <paramref name="decode"/>(a private copy of the
    /// encoding), kept from now on. Decoding runs outside the lock; two threads racing on a new key may both decode it and
    /// the first one kept is returned to both. A decoding error propagates and nothing is kept.
    /// </summary>
    public TDecoded GetOrAdd(ReadOnlySpan<byte> encoding, Func<byte[], TDecoded> decode)
    {
        lock (_gate)
        {
            if (_lookup.TryGetValue(encoding, out LinkedListNode<Entry>? hit))
            {
                return Touch(hit);
            }
        }

        byte[] copy = encoding.ToArray();
        TDecoded decoded = decode(copy);
        lock (_gate)
        {
            if (_entries.TryGetValue(copy, out LinkedListNode<Entry>? raced))
            {
                return Touch(raced);
            }

            _entries.Add(copy, _order.AddFirst(new Entry(copy, decoded)));
            if (_entries.Count > Capacity)
            {
                LinkedListNode<Entry> oldest = _order.Last!;
                _order.RemoveLast();
                _entries.Remove(oldest.Value.Encoding);
            }

            return decoded;
        }
    }

    /// <summary>The kept key decoded from <paramref name="encoding"/>, if there is one (marked most recently used).</summary>
    public bool TryGet(ReadOnlySpan<byte> encoding, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TDecoded? decoded)
    {
        lock (_gate)
        {
            if (_lookup.TryGetValue(encoding, out LinkedListNode<Entry>? hit))
            {
                decoded = Touch(hit);
                return true;
            }
        }

        decoded = null;
        return false;
    }

    /// <summary>Marks <paramref name="node"/> most recently used; the caller holds the lock.</summary>
    private TDecoded Touch(LinkedListNode<Entry> node)
    {
        if (node != _order.First)
        {
            _order.Remove(node);
            _order.AddFirst(node);
        }

        return node.Value.Decoded;
    }

    /// <summary>One kept key: its encoding (the dictionary key) and the decoded object.</summary>
    private readonly record struct Entry(byte[] Encoding, TDecoded Decoded);
}

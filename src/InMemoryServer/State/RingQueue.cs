namespace E2eeConformance.InMemoryServer.State;

/// <summary>
/// A queue in one growable array (8 bytes an item for references, against 48 for a linked list's node) that can also be
/// wound back: besides adding at the end and taking from the front, it removes from the end and puts back at the front,
/// which is how a window of remembered ids reverts an addition that evicted its oldest (atomic requests).
/// </summary>
internal sealed class RingQueue<T>
{
    private T[] _items = new T[16];
    private int _head;

    public int Count { get; private set; }

    /// <summary>The oldest item.</summary>
    public T First => Count > 0 ? _items[_head] : throw new InvalidOperationException("the queue is empty");

    public void AddLast(T item)
    {
        Grow();
        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    public T RemoveFirst()
    {
        T item = First;
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        Count--;
        return item;
    }

    public void RemoveLast()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("the queue is empty");
        }

        Count--;
        _items[(_head + Count) % _items.Length] = default!;
    }

    public void AddFirst(T item)
    {
        Grow();
        _head = (_head - 1 + _items.Length) % _items.Length;
        _items[_head] = item;
        Count++;
    }

    /// <summary>The items, oldest first.</summary>
    public IEnumerable<T> Items()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return _items[(_head + i) % _items.Length];
        }
    }

    private void Grow()
    {
        if (Count < _items.Length)
        {
            return;
        }

        var larger = new T[_items.Length * 2];
        for (int i = 0; i < Count; i++)
        {
            larger[i] = _items[(_head + i) % _items.Length];
        }

        _items = larger;
        _head = 0;
    }
}

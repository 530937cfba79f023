using System.Collections;
using System.Runtime.CompilerServices;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The ids of the server-sent messages a device processed last, oldest first — at most <see cref="Capacity"/>; adding
/// one more drops the oldest (<see cref="DeviceState.ProcessedIdsKept"/> says why a few hundred suffice). Immutable, with
/// value equality (the same ids in the same order).
/// </summary>
/// <remarks>
/// Issue 17 (the pipeline, and flat memory at scale): every received message looks its id up and adds it, so both are
/// constant time and small. The ids sit in arrays shared by successive versions (a window over them per version), each
/// id with a 32-bit hash in a parallel array scanned as a vector. Adding to the newest version writes the next free slot
/// in place, which no older version can see; adding to an older one, or to a full array, copies the window into new
/// arrays of up to twice the capacity (so copies cost one id per add on average). An id of at most 15 ASCII characters
/// (the in-memory server's are like <c>msg-1234</c>) is kept packed in 16 bytes, not as a string: a remembered id costs
/// 20 bytes, against about 150 in the immutable list and hash set this replaces; a longer one keeps its string.
/// </remarks>
[CollectionBuilder(typeof(ProcessedIds), nameof(Create))]
public sealed class ProcessedIds : IReadOnlyList<string>, IEquatable<ProcessedIds>
{
    /// <summary>How many ids are kept.</summary>
    public const int Capacity = DeviceState.ProcessedIdsKept;

    private const int SmallestArray = 16;

    /// <summary>The longest id kept packed: 15 ASCII characters and the length fill 16 bytes.</summary>
    private const int MaxPackedLength = 15;

    private readonly Slots _slots;
    private readonly int _start;

    private ProcessedIds(Slots slots, int start, int count)
    {
        _slots = slots;
        _start = start;
        Count = count;
    }

    /// <summary>No ids.</summary>
    public static ProcessedIds Empty { get; } = new(new Slots(0), 0, 0);

    /// <summary>How many ids are kept (at most <see cref="Capacity"/>).</summary>
    public int Count { get; }

    /// <summary>The <paramref name="index"/>-th id, oldest first.</summary>
    public string this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                Errors.ThrowHelper.Argument(nameof(index), $"index {index} is outside the {Count} ids kept");
            }

            return _slots.Text(_start + index);
        }
    }

    /// <summary>
    /// The last <see cref="Capacity"/> of <paramref name="ids"/>, oldest first (a stored state never holds more; a
    /// hostile one that does loses its oldest).
    /// </summary>
    public static ProcessedIds Create(ReadOnlySpan<string> ids)
    {
        ProcessedIds result = Empty;
        foreach (string id in ids[Math.Max(0, ids.Length - Capacity)..])
        {
            result = result.Add(id);
        }

        return result;
    }

    /// <summary>Whether <paramref name="id"/> is among the ids kept.</summary>
    public bool Contains(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        (UInt128 packed, int hash) = Pack(id);
        ReadOnlySpan<int> hashes = _slots.Hashes.AsSpan(_start, Count);
        int offset = 0;
        while (hashes[offset..].IndexOf(hash) is var found and >= 0)
        {
            if (_slots.Holds(_start + offset + found, packed, id))
            {
                return true;
            }

            offset += found + 1;
        }

        return false;
    }

    /// <summary>These ids and <paramref name="id"/> after them; the oldest is dropped when <see cref="Capacity"/> are kept already.</summary>
    public ProcessedIds Add(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        (UInt128 packed, int hash) = Pack(id);
        int end = _start + Count;
        Slots slots = _slots;
        if (end < slots.Hashes.Length && Interlocked.CompareExchange(ref slots.Used, end + 1, end) == end)
        {
            // The slot after this window was free: no other version sees it, so it is written in place.
            slots.Set(end, packed, hash, id);
            return Count == Capacity ? new ProcessedIds(slots, _start + 1, Capacity) : new ProcessedIds(slots, _start, Count + 1);
        }

        int keep = Math.Min(Count, Capacity - 1);
        var copy = new Slots(Math.Min(2 * Capacity, Math.Max(SmallestArray, 2 * (keep + 1))));
        for (int i = 0; i < keep; i++)
        {
            int from = end - keep + i;
            copy.Set(i, slots.Packed[from], slots.Hashes[from], slots.Texts?[from]);
        }

        copy.Set(keep, packed, hash, id);
        copy.Used = keep + 1;
        return new ProcessedIds(copy, 0, keep + 1);
    }

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return _slots.Text(_start + i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(ProcessedIds? other)
    {
        if (other is null || Count != other.Count)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        // Slot by slot, without making strings: the packed forms, and the strings of ids that do not pack.
        for (int i = 0; i < Count; i++)
        {
            UInt128 packed = _slots.Packed[_start + i];
            if (!other._slots.Holds(other._start + i, packed, packed == Unpacked ? _slots.Texts![_start + i]! : ""))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ProcessedIds);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int h in _slots.Hashes.AsSpan(_start, Count))
        {
            hash.Add(h);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Count} processed ids";

    /// <summary>
    /// An id packed into 16 bytes when it has at most 15 ASCII characters (the characters, then the length in the top
    /// byte), else <see cref="Unpacked"/>; and its hash (of the packed value, or the string's).
    /// </summary>
    private static (UInt128 Packed, int Hash) Pack(string id)
    {
        if (id.Length > MaxPackedLength || !System.Text.Ascii.IsValid(id))
        {
            return (Unpacked, id.GetHashCode(StringComparison.Ordinal));
        }

        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        System.Text.Encoding.ASCII.GetBytes(id, bytes);
        bytes[15] = (byte)id.Length;
        UInt128 packed = System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes);
        return (packed, HashCode.Combine(unchecked((ulong)packed), unchecked((ulong)(packed >> 64))));
    }

    /// <summary>The packed form of an id that keeps its string (a length byte no packed id has).</summary>
    private static readonly UInt128 Unpacked = UInt128.MaxValue;

    /// <summary>
    /// The arrays shared by successive versions: packed ids, their hashes, the strings of ids that do not pack (the
    /// array made only when one comes), and how many slots some version uses.
    /// </summary>
    private sealed class Slots(int length)
    {
        public readonly UInt128[] Packed = new UInt128[length];

        public readonly int[] Hashes = new int[length];

        public string?[]? Texts;

        public int Used;

        public void Set(int slot, UInt128 packed, int hash, string? text)
        {
            Packed[slot] = packed;
            Hashes[slot] = hash;
            if (packed == Unpacked)
            {
                (Texts ??= new string?[Hashes.Length])[slot] = text;
            }
        }

        public bool Holds(int slot, UInt128 packed, string id) =>
            Packed[slot] == packed && (packed != Unpacked || string.Equals(Texts![slot], id, StringComparison.Ordinal));

        public string Text(int slot)
        {
            UInt128 packed = Packed[slot];
            if (packed == Unpacked)
            {
                return Texts![slot]!;
            }

            Span<byte> bytes = stackalloc byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, packed);
            return System.Text.Encoding.ASCII.GetString(bytes[..bytes[15]]);
        }
    }
}

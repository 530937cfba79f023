using System.Buffers.Binary;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// Incremental SHA-256 over the managed <see cref="Sha256Compression"/>, startable from a midstate (HMAC's cached
/// key blocks). A mutable value type meant to live in a local: it allocates nothing, and <see cref="Clear"/> wipes the
/// buffered bytes and the state (which may be key-derived) when the caller is done.
/// </summary>
internal struct Sha256Hasher
{
    private Sha256State _state;
    private Sha256Block _buffer;
    private int _buffered;
    private long _length;

    /// <summary>A hasher for a new message.</summary>
    public static Sha256Hasher Create() => Resume(Sha256State.Initial, 0);

    /// <summary>A hasher continuing from <paramref name="midstate"/>, the state after <paramref name="hashedLength"/> bytes (a multiple of 64).</summary>
    public static Sha256Hasher Resume(in Sha256State midstate, long hashedLength)
    {
        if (hashedLength < 0 || hashedLength % Sha256Compression.BlockLength != 0)
        {
            Errors.ThrowHelper.Argument(nameof(hashedLength), "a SHA-256 midstate covers whole 64-byte blocks");
        }

        Sha256Hasher hasher = default;
        hasher._state = midstate;
        hasher._length = hashedLength;
        return hasher;
    }

    /// <summary>One-shot SHA-256 of <paramref name="data"/> into the first 32 bytes of <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        Sha256Hasher hasher = Create();
        hasher.Append(data);
        hasher.Finish(digest);
        hasher.Clear();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _length = checked(_length + data.Length);
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            int take = Math.Min(Sha256Compression.BlockLength - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < Sha256Compression.BlockLength)
            {
                return;
            }

            Sha256Compression.Compress(ref _state, buffer);
            _buffered = 0;
        }

        int whole = data.Length - (data.Length % Sha256Compression.BlockLength);
        if (whole > 0)
        {
            Sha256Compression.Compress(ref _state, data[..whole]);
            data = data[whole..];
        }

        data.CopyTo(buffer);
        _buffered = data.Length;
    }

    /// <summary>Pads (FIPS 180-4 §5.1.1) and writes the 32-byte digest. The hasher is spent afterwards.</summary>
    public void Finish(Span<byte> digest) => FinishState().WriteDigest(digest);

    /// <summary>Pads (FIPS 180-4 §5.1.1) and returns the final state, whose encoding is the digest. The hasher is spent afterwards.</summary>
    public Sha256State FinishState()
    {
        Span<byte> buffer = _buffer;
        buffer[_buffered] = 0x80;
        buffer[(_buffered + 1)..].Clear();
        if (_buffered >= Sha256Compression.BlockLength - 8)
        {
            Sha256Compression.Compress(ref _state, buffer);
            buffer.Clear();
        }

        BinaryPrimitives.WriteUInt64BigEndian(buffer[(Sha256Compression.BlockLength - 8)..], unchecked((ulong)_length << 3));
        Sha256Compression.Compress(ref _state, buffer);
        return _state;
    }

    /// <summary>Wipes the state and the buffered bytes.</summary>
    public void Clear()
    {
        SecretWipe.Value(ref this);
    }
}

using System.Buffers.Binary;

namespace E2eeConformance.Engine.Crypto.Hashing;

/// <summary>
/// Incremental SHA-512 over <see cref="Sha512Compression"/>, startable from a midstate (SLH-DSA's PK.seed block, an
/// HMAC key block), like <see cref="Sha256Hasher"/>. A mutable value type meant to live in a local: it allocates
/// nothing, and <see cref="Clear"/> wipes the buffered bytes and the state (which may be key-derived).
/// </summary>
internal struct Sha512Hasher
{
    private Sha512State _state;
    private Sha512Block _buffer;
    private int _buffered;
    private long _length;

    /// <summary>A hasher for a new message.</summary>
    public static Sha512Hasher Create() => Resume(Sha512State.Initial, 0);

    /// <summary>A hasher continuing from <paramref name="midstate"/>, the state after <paramref name="hashedLength"/> bytes (a multiple of 128).</summary>
    public static Sha512Hasher Resume(in Sha512State midstate, long hashedLength)
    {
        if (hashedLength < 0 || hashedLength % Sha512Compression.BlockLength != 0)
        {
            Errors.ThrowHelper.Argument(nameof(hashedLength), "a SHA-512 midstate covers whole 128-byte blocks");
        }

        Sha512Hasher hasher = default;
        hasher._state = midstate;
        hasher._length = hashedLength;
        return hasher;
    }

    /// <summary>One-shot SHA-512 of <paramref name="data"/> into the first 64 bytes of <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        Sha512Hasher hasher = Create();
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
            int take = Math.Min(Sha512Compression.BlockLength - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < Sha512Compression.BlockLength)
            {
                return;
            }

            Sha512Compression.Compress(ref _state, buffer);
            _buffered = 0;
        }

        int whole = data.Length - (data.Length % Sha512Compression.BlockLength);
        if (whole > 0)
        {
            Sha512Compression.Compress(ref _state, data[..whole]);
            data = data[whole..];
        }

        data.CopyTo(buffer);
        _buffered = data.Length;
    }

    /// <summary>Pads (FIPS 180-4 §5.1.2) and writes the 64-byte digest. The hasher is spent afterwards.</summary>
    public void Finish(Span<byte> digest) => FinishState().WriteDigest(digest);

    /// <summary>Pads (FIPS 180-4 §5.1.2: 0x80, zeros, the 128-bit bit length) and returns the final state. The hasher is spent afterwards.</summary>
    public Sha512State FinishState()
    {
        Span<byte> buffer = _buffer;
        buffer[_buffered] = 0x80;
        buffer[(_buffered + 1)..].Clear();
        if (_buffered >= Sha512Compression.BlockLength - 16)
        {
            Sha512Compression.Compress(ref _state, buffer);
            buffer.Clear();
        }

        // The bit length is below 2^66, so its high word is _length ≫ 61.
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(Sha512Compression.BlockLength - 16)..], (ulong)_length >> 61);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(Sha512Compression.BlockLength - 8)..], unchecked((ulong)_length << 3));
        Sha512Compression.Compress(ref _state, buffer);
        return _state;
    }

    /// <summary>Wipes the state and the buffered bytes.</summary>
    public void Clear()
    {
        SecretWipe.Value(ref this);
    }
}

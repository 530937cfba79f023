using System.Buffers.Binary;

namespace E2eeConformance.CrashHost;

/// <summary>
/// The frames the crash test and its device process exchange over stdin/stdout: one kind byte, a 4-byte big-endian
/// payload length, the payload. Binary, so protobuf bytes travel as they are; a frame cut short by a kill reads as the
/// end of the stream.
/// </summary>
public static class Frames
{
    /// <summary>The largest payload read (a request is at most a few MB; anything larger is a broken stream).</summary>
    public const int MaxPayload = 64 * 1024 * 1024;

    /// <summary>Device → test: a request (<see cref="RequestFrame"/>).</summary>
    public const byte Request = (byte)'R';

    /// <summary>Device → test: an event for the application (UTF-8 text, <see cref="EventLine"/>).</summary>
    public const byte Event = (byte)'E';

    /// <summary>Device → test: started (registered or restored); the payload is the device's address (protobuf).</summary>
    public const byte Ready = (byte)'Y';

    /// <summary>Device → test: the last command is done.</summary>
    public const byte Done = (byte)'D';

    /// <summary>Device → test: cannot go on (UTF-8 text: what happened, e.g. the store is corrupt); the process exits.</summary>
    public const byte Fatal = (byte)'F';

    /// <summary>Test → device: the answer to the request just sent (response bytes).</summary>
    public const byte Answer = (byte)'A';

    /// <summary>Test → device: a server-sent ProtoMsg to process (protobuf).</summary>
    public const byte ProtoMsg = (byte)'P';

    /// <summary>Test → device: send this text (bytes) to the peer user.</summary>
    public const byte SendText = (byte)'S';

    /// <summary>Test → device: exit.</summary>
    public const byte Quit = (byte)'Q';

    /// <summary>Writes one frame and flushes.</summary>
    public static void Write(Stream stream, byte kind, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[5];
        header[0] = kind;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], payload.Length);
        stream.Write(header);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>Reads one frame; null at the end of the stream (the other side exited or was killed).</summary>
    /// <exception cref="InvalidDataException">The length is negative or over <see cref="MaxPayload"/>.</exception>
    public static (byte Kind, byte[] Payload)? Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] header = new byte[5];
        if (!ReadExactly(stream, header))
        {
            return null;
        }

        int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        if (length is < 0 or > MaxPayload)
        {
            throw new InvalidDataException($"a frame of {length} bytes");
        }

        byte[] payload = new byte[length];
        return ReadExactly(stream, payload) ? (header[0], payload) : null;
    }

    private static bool ReadExactly(Stream stream, byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}

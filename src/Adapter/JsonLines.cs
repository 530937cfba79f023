using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace E2eeConformance.Adapter;

/// <summary>
/// The framing of the adapter protocol: one JSON object a line, UTF-8, ended by <c>\n</c> (docs/ADAPTER.md, "Framing").
/// Reads never hold more than the line limit; a longer line, or one that is not a JSON object, is a typed error.
/// </summary>
public static class JsonLines
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="message"/> as one line and flushes.</summary>
    public static void Write(Stream stream, JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(message);
        byte[] line = Encoding.UTF8.GetBytes(message.ToJsonString(Compact) + "\n");
        stream.Write(line);
        stream.Flush();
    }

    /// <summary>
    /// Reads one line as a JSON object; null at the end of the stream (a last line without its newline is taken).
    /// </summary>
    /// <exception cref="InvalidDataException">The line is over <paramref name="maxBytes"/>, not UTF-8, or not a JSON object.</exception>
    public static JsonObject? Read(Stream stream, int maxBytes = AdapterProtocol.MaxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var line = new MemoryStream();
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                return line.Length == 0 ? null : Parse(line);
            }

            if (b == '\n')
            {
                return Parse(line);
            }

            if (line.Length >= maxBytes)
            {
                throw new InvalidDataException($"a line longer than {maxBytes} bytes");
            }

            line.WriteByte((byte)b);
        }
    }

    private static JsonObject Parse(MemoryStream line)
    {
        ReadOnlySpan<byte> bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (bytes.Length > 0 && bytes[^1] == '\r')
        {
            bytes = bytes[..^1];
        }

        try
        {
            string text = StrictUtf8.GetString(bytes);
            JsonObject message = JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException($"not a JSON object: {Preview(bytes)}");
            _ = message.Count; // builds the properties now: a repeated key fails here, not when a field is read
            return message;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not JSON ({e.Message}): {Preview(bytes)}", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"not UTF-8 ({e.Message})", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"a JSON object with a repeated key ({e.Message}): {Preview(bytes)}", e);
        }
    }

    private static string Preview(ReadOnlySpan<byte> bytes) =>
        Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 200)]) + (bytes.Length > 200 ? "…" : "");
}

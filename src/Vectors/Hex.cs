namespace E2eeConformance.Vectors;

/// <summary>Lowercase hex, as every vector file writes byte strings.</summary>
public static class Hex
{
    /// <summary>The lowercase hex of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The bytes of a hex string; anything else is a <see cref="VectorFormatException"/> naming <paramref name="field"/>.</summary>
    public static byte[] Parse(string hex, string field)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new VectorFormatException($"{field} is not hex");
        }
    }

    /// <summary>"expected … got …" naming the first byte that differs.</summary>
    public static string Mismatch(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        string where = i < expected.Length && i < actual.Length
            ? $"first difference at byte {i} (expected {expected[i]:x2}, got {actual[i]:x2})"
            : $"lengths differ ({expected.Length} vs {actual.Length} bytes)";
        return $"expected {Short(expected)}, got {Short(actual)}: {where}";
    }

    /// <summary>A short form for messages: up to 16 bytes of hex, then the total length.</summary>
    public static string Short(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= 16 ? $"{Of(bytes)} ({bytes.Length} B)" : $"{Of(bytes[..16])}… ({bytes.Length} B)";
}

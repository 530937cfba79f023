using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// What a <c>rewrite</c> step sets a wire field to: a value written in the file (converted to the field's type when the
/// scenario is loaded), <c>random</c> (drawn from the seed: a number of the field's type, or bytes and text as long as
/// the current ones), or the same field of another message (<c>{ from: NAME }</c>, spliced).
/// </summary>
public abstract record WireValue
{
    /// <summary>The word for a value drawn from the seed.</summary>
    public const string RandomWord = "random";

    /// <summary>The value to set in <paramref name="field"/>, given its current value; null with <paramref name="why"/> when there is none.</summary>
    public abstract object? ValueFor(FieldDescriptor field, object? current, SeededRandom random, Func<string, object?> spliced, out string? why);

    /// <summary>
    /// Converts a value written in a file to <paramref name="field"/>'s type: integers in the type's range, true/false,
    /// text, bytes as <c>0x</c> and hex digits (<c>0x</c> alone: empty), an enum value's name or number.
    /// </summary>
    public static bool TryConvert(FieldDescriptor field, string text, out object? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? expected)
    {
        value = null;
        expected = null;
        NumberStyles integer = NumberStyles.AllowLeadingSign;
        CultureInfo c = CultureInfo.InvariantCulture;
        switch (field.FieldType)
        {
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 when int.TryParse(text, integer, c, out int i): value = i; return true;
            case FieldType.UInt32 or FieldType.Fixed32 when uint.TryParse(text, NumberStyles.None, c, out uint u): value = u; return true;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 when long.TryParse(text, integer, c, out long l): value = l; return true;
            case FieldType.UInt64 or FieldType.Fixed64 when ulong.TryParse(text, NumberStyles.None, c, out ulong ul): value = ul; return true;
            case FieldType.Bool when text is "true" or "false": value = text == "true"; return true;
            case FieldType.String: value = text; return true;
            case FieldType.Bytes when TryHex(text, out byte[]? bytes): value = ByteString.CopyFrom(bytes); return true;
            case FieldType.Enum:
                EnumValueDescriptor? named = field.EnumType.FindValueByName(text)
                    ?? (int.TryParse(text, integer, c, out int n) ? field.EnumType.FindValueByNumber(n) : null);
                if (named is not null)
                {
                    value = Enum.ToObject(field.EnumType.ClrType, named.Number);
                    return true;
                }

                expected = $"a value of {field.EnumType.Name} ({string.Join(", ", field.EnumType.Values.Select(v => v.Name))})";
                return false;
            default:
                expected = field.FieldType switch
                {
                    FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => "a 32-bit integer",
                    FieldType.UInt32 or FieldType.Fixed32 => "an unsigned 32-bit integer",
                    FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => "a 64-bit integer",
                    FieldType.UInt64 or FieldType.Fixed64 => "an unsigned 64-bit integer",
                    FieldType.Bool => "true or false",
                    FieldType.Bytes => "bytes as 0x and hex digits (0x alone: empty)",
                    _ => $"a value of a field the rewrite cannot set ({field.FieldType})",
                };
                return false;
        }
    }

    private static bool TryHex(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (!text.StartsWith("0x", StringComparison.Ordinal) || text.Length % 2 != 0)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text.AsSpan(2));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>A value written in the file, already of the field's type.</summary>
public sealed record LiteralWireValue(string Text, object Value) : WireValue
{
    /// <inheritdoc/>
    public override object? ValueFor(FieldDescriptor field, object? current, SeededRandom random, Func<string, object?> spliced, out string? why)
    {
        why = null;
        return Value;
    }
}

/// <summary><c>random</c>: a value drawn from the seed (numbers of the field's type; bytes and text as long as the current ones, at least one).</summary>
public sealed record RandomWireValue : WireValue
{
    /// <inheritdoc/>
    public override object? ValueFor(FieldDescriptor field, object? current, SeededRandom random, Func<string, object?> spliced, out string? why)
    {
        why = null;
        ulong r = random.NextUInt64();
        return field.FieldType switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => unchecked((int)r),
            FieldType.UInt32 or FieldType.Fixed32 => unchecked((uint)r),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => unchecked((long)r),
            FieldType.UInt64 or FieldType.Fixed64 => r,
            FieldType.Bool => (r & 1) == 1,
            FieldType.String => RandomText(current as string, random),
            FieldType.Bytes => RandomBytes(current as ByteString, random),
            FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, field.EnumType.Values[(int)(r % (ulong)field.EnumType.Values.Count)].Number),
            _ => null,
        };
    }

    private static string RandomText(string? current, SeededRandom random)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        int length = Math.Max(1, current?.Length ?? 0);
        return new string([.. Enumerable.Range(0, length).Select(_ => letters[random.Next(letters.Length)])]);
    }

    private static ByteString RandomBytes(ByteString? current, SeededRandom random)
    {
        byte[] bytes = new byte[Math.Max(1, current?.Length ?? 0)];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)random.Next(256);
        }

        return ByteString.CopyFrom(bytes);
    }
}

/// <summary><c>{ from: NAME }</c>: the same field of another message, as it crossed the network.</summary>
public sealed record SplicedWireValue(string From) : WireValue
{
    /// <inheritdoc/>
    public override object? ValueFor(FieldDescriptor field, object? current, SeededRandom random, Func<string, object?> spliced, out string? why)
    {
        object? value = spliced(From);
        why = value is null ? $"{From} has no {field.Name} to splice" : null;
        return value;
    }
}

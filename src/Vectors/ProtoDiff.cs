using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;


namespace E2eeConformance.Vectors;

/// <summary>
/// Names the first field in which two protobuf messages differ (e.g. <c>one2one_msg.ciphertext</c>), so that a byte
/// mismatch is reported as the field an implementer has to look at.
/// </summary>
public static class ProtoDiff
{
    /// <summary>Null when the serialized bytes are equal; else "path: expected …, got …".</summary>
    public static string? Compare<T>(MessageParser<T> parser, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
        where T : IMessage<T>
    {
        if (expected.SequenceEqual(actual))
        {
            return null;
        }

        T e;
        T a;
        try
        {
            e = parser.ParseFrom(expected);
            a = parser.ParseFrom(actual);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return $"bytes differ and do not parse as {typeof(T).Name}: {ex.Message}";
        }

        return FirstDifference(e, a, "") ?? $"same fields, different encoding (expected {Hex.Short(expected)}, got {Hex.Short(actual)})";
    }

    /// <summary>The first field (dotted path under <paramref name="prefix"/>) whose value differs, or null when all agree.</summary>
    public static string? FirstDifference(IMessage expected, IMessage actual, string prefix)
    {
        foreach (FieldDescriptor field in expected.Descriptor.Fields.InFieldNumberOrder())
        {
            string path = prefix.Length == 0 ? field.Name : $"{prefix}.{field.Name}";
            object? e = field.Accessor.GetValue(expected);
            object? a = field.Accessor.GetValue(actual);
            if (field.IsRepeated)
            {
                var el = ((IList)e!).Cast<object?>().ToList();
                var al = ((IList)a!).Cast<object?>().ToList();
                if (el.Count != al.Count)
                {
                    return $"{path}: expected {el.Count} entries, got {al.Count}";
                }

                for (int i = 0; i < el.Count; i++)
                {
                    string? d = Value($"{path}[{i}]", el[i], al[i]);
                    if (d is not null)
                    {
                        return d;
                    }
                }

                continue;
            }

            string? diff = Value(path, e, a);
            if (diff is not null)
            {
                return diff;
            }
        }

        return null;
    }

    private static string? Value(string path, object? e, object? a) => (e, a) switch
    {
        (null, null) => null,
        (null, _) => $"{path}: expected absent, got present",
        (_, null) => $"{path}: expected present, got absent",
        (IMessage em, IMessage am) => FirstDifference(em, am, path),
        (ByteString eb, ByteString ab) => eb.Equals(ab) ? null : $"{path}: {Hex.Mismatch(eb.Span, ab.Span)}",
        _ => Equals(e, a) ? null : $"{path}: expected {Printable(e)}, got {Printable(a)}",
    };

    private static string Printable(object o) => o is string s ? $"\"{string.Concat(s.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()))}\"" : o.ToString() ?? "";
}

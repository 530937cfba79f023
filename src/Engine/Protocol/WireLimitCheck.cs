using System.Collections;
using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace E2eeConformance.Engine.Protocol;

/// <summary>
/// Walks a message against <see cref="WireLimits"/>: the encoded size first (computed without encoding), then every
/// field, depth first in field-number order, classed by its name. Allocates nothing proportional to the message.
/// </summary>
internal static class WireLimitCheck
{
    /// <summary>String fields that hold identifiers (<see cref="WireLimits.MaxIdentifierLength"/>); any other string is text.</summary>
    private static readonly FrozenSet<string> Identifiers = new[]
    {
        "user_id", "device_id", "domain", "group_id", "group_name", "session_id", "old_session_id", "msg_id", "msgId",
        "proto_msg_id", "authenticator", "auth", "version", "user_name", "username", "from_user", "to_user", "device_id_list",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Byte fields that hold ciphertexts or opaque payloads (<see cref="WireLimits.MaxCiphertextBytes"/>); any other is a key.</summary>
    private static readonly FrozenSet<string> Ciphertexts = new[]
    {
        "ciphertext", "payload", "request_data", "associated_data", "request_arg_list",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Nesting deeper than this is refused (the protobuf parser stops at 100 too).</summary>
    private const int MaxDepth = 64;

    public static string? FirstViolation(IMessage message, WireLimits limits)
    {
        ArgumentNullException.ThrowIfNull(message);
        int size = message.CalculateSize();
        return size > limits.MaxMessageBytes
            ? $"the {message.Descriptor.Name} is {size} bytes, over the limit of {limits.MaxMessageBytes}"
            : Walk(message, limits, 0);
    }

    private static string? Walk(IMessage message, WireLimits limits, int depth)
    {
        if (depth > MaxDepth)
        {
            return $"the {message.Descriptor.Name} nests deeper than {MaxDepth} messages";
        }

        foreach (FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            object? value = field.Accessor.GetValue(message);
            if (value is null)
            {
                continue;
            }

            if (field.IsRepeated || field.IsMap)
            {
                var list = (ICollection)value;
                if (list.Count > limits.MaxListLength)
                {
                    return $"{message.Descriptor.Name}.{field.Name} has {list.Count} entries, over the limit of {limits.MaxListLength}";
                }

                if (!field.IsMap)
                {
                    foreach (object item in (IEnumerable)value)
                    {
                        if (One(message, field, item, limits, depth) is { } violation)
                        {
                            return violation;
                        }
                    }
                }

                continue;
            }

            if (One(message, field, value, limits, depth) is { } single)
            {
                return single;
            }
        }

        return null;
    }

    private static string? One(IMessage owner, FieldDescriptor field, object value, WireLimits limits, int depth)
    {
        switch (value)
        {
            case string s:
                int maxChars = Identifiers.Contains(field.Name) ? limits.MaxIdentifierLength : limits.MaxTextLength;
                return s.Length > maxChars ? $"{owner.Descriptor.Name}.{field.Name} is {s.Length} characters, over the limit of {maxChars}" : null;
            case ByteString b:
                int maxBytes = Ciphertexts.Contains(field.Name) ? limits.MaxCiphertextBytes : limits.MaxKeyBytes;
                return b.Length > maxBytes ? $"{owner.Descriptor.Name}.{field.Name} is {b.Length} bytes, over the limit of {maxBytes}" : null;
            case IMessage nested:
                return Walk(nested, limits, depth + 1);
            default:
                return null;
        }
    }
}

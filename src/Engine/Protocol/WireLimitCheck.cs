using System.Collections;
using System.Collections.Concurrent;
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

    /// <summary>The fields of each message type that a limit applies to, classed once (issue 17: no name lookups per message).</summary>
    private static readonly ConcurrentDictionary<MessageDescriptor, Plan> Plans = new();

    public static string? FirstViolation(IMessage message, WireLimits limits)
    {
        ArgumentNullException.ThrowIfNull(message);
        int size = message.CalculateSize();
        if (size > limits.MaxMessageBytes)
        {
            return $"the {message.Descriptor.Name} is {size} bytes, over the limit of {limits.MaxMessageBytes}";
        }

        // Every limit below the whole size is of something the encoding spends at least one byte on: a string has at
        // least as many UTF-8 bytes as UTF-16 characters, a byte field its length, a list entry at least a byte. So an
        // encoding no longer than the smallest of those limits keeps them all, and one of a type that cannot nest
        // deeper than MaxDepth needs no walk (issue 17: the check was a tenth of a one-to-one message's cost).
        Plan plan = PlanOf(message.Descriptor);
        return size <= limits.SmallestPartLimit && plan.MaxNesting <= MaxDepth ? null : Walk(message, limits, 0);
    }

    /// <summary>
    /// <see cref="FirstViolation"/> without the size shortcut: every field walked (the reference the shortcut is
    /// tested against).
    /// </summary>
    internal static string? FirstViolationByWalk(IMessage message, WireLimits limits)
    {
        ArgumentNullException.ThrowIfNull(message);
        int size = message.CalculateSize();
        return size > limits.MaxMessageBytes ? $"the {message.Descriptor.Name} is {size} bytes, over the limit of {limits.MaxMessageBytes}" : Walk(message, limits, 0);
    }

    /// <summary>How deep messages of <paramref name="descriptor"/>'s type can nest (<see cref="int.MaxValue"/> for a type that contains itself).</summary>
    internal static int MaxNesting(MessageDescriptor descriptor) => PlanOf(descriptor).MaxNesting;

    private static Plan PlanOf(MessageDescriptor descriptor) => Plans.GetOrAdd(descriptor, static d => Plan.Build(d, []));

    private static string? Walk(IMessage message, WireLimits limits, int depth)
    {
        if (depth > MaxDepth)
        {
            return $"the {message.Descriptor.Name} nests deeper than {MaxDepth} messages";
        }

        foreach (PlannedField planned in PlanOf(message.Descriptor).Fields)
        {
            FieldDescriptor field = planned.Field;
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

                if (!field.IsMap && planned.Kind != FieldKind.Other)
                {
                    foreach (object item in (IEnumerable)value)
                    {
                        if (One(message, planned, item, limits, depth) is { } violation)
                        {
                            return violation;
                        }
                    }
                }

                continue;
            }

            if (One(message, planned, value, limits, depth) is { } single)
            {
                return single;
            }
        }

        return null;
    }

    private static string? One(IMessage owner, PlannedField planned, object value, WireLimits limits, int depth)
    {
        FieldDescriptor field = planned.Field;
        switch (value)
        {
            case string s:
                int maxChars = planned.Kind == FieldKind.Identifier ? limits.MaxIdentifierLength : limits.MaxTextLength;
                return s.Length > maxChars ? $"{owner.Descriptor.Name}.{field.Name} is {s.Length} characters, over the limit of {maxChars}" : null;
            case ByteString b:
                int maxBytes = planned.Kind == FieldKind.Ciphertext ? limits.MaxCiphertextBytes : limits.MaxKeyBytes;
                return b.Length > maxBytes ? $"{owner.Descriptor.Name}.{field.Name} is {b.Length} bytes, over the limit of {maxBytes}" : null;
            case IMessage nested:
                return Walk(nested, limits, depth + 1);
            default:
                return null;
        }
    }

    private enum FieldKind
    {
        /// <summary>A number, bool or enum: only a list of them has a limit (its length).</summary>
        Other,
        Identifier,
        Text,
        Ciphertext,
        Key,
        Message,
    }

    private readonly record struct PlannedField(FieldDescriptor Field, FieldKind Kind);

    /// <summary>
    /// A message type's fields that a limit applies to, in field-number order (strings, bytes, messages, and lists of
    /// anything), and how deep the type can nest (<see cref="int.MaxValue"/> when it contains itself).
    /// </summary>
    private sealed record Plan(PlannedField[] Fields, int MaxNesting)
    {
        public static Plan Build(MessageDescriptor descriptor, HashSet<MessageDescriptor> enclosing)
        {
            var fields = new List<PlannedField>();
            int nesting = 0;
            enclosing.Add(descriptor);
            foreach (FieldDescriptor field in descriptor.Fields.InFieldNumberOrder())
            {
                FieldKind kind = field.FieldType switch
                {
                    FieldType.String => Identifiers.Contains(field.Name) ? FieldKind.Identifier : FieldKind.Text,
                    FieldType.Bytes => Ciphertexts.Contains(field.Name) ? FieldKind.Ciphertext : FieldKind.Key,
                    FieldType.Message or FieldType.Group => FieldKind.Message,
                    _ => FieldKind.Other,
                };
                if (kind != FieldKind.Other || field.IsRepeated || field.IsMap)
                {
                    fields.Add(new PlannedField(field, kind));
                }

                if (kind == FieldKind.Message)
                {
                    MessageDescriptor inner = field.MessageType;
                    int innerNesting = enclosing.Contains(inner) ? int.MaxValue : Build(inner, enclosing).MaxNesting;
                    nesting = Math.Max(nesting, innerNesting == int.MaxValue ? int.MaxValue : innerNesting + 1);
                }
            }

            enclosing.Remove(descriptor);
            return new Plan([.. fields], nesting);
        }
    }
}

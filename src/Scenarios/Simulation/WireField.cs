using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// A field of a ProtoMsg named by its path of proto field names from the ProtoMsg down, e.g.
/// <c>e2ee_msg.one2one_msg.sequence</c> or <c>add_group_members_msg.added_members[0].user_id</c> (an index picks an
/// element of a repeated message field). The path is checked against the wire's descriptors when a scenario is loaded;
/// a message that lacks a part of it (another payload, an element that is not there) is told when the value is set.
/// </summary>
public sealed class WireField
{
    private readonly IReadOnlyList<(FieldDescriptor Field, int? Index)> _steps;

    private WireField(string path, IReadOnlyList<(FieldDescriptor, int?)> steps)
    {
        Path = path;
        _steps = steps;
    }

    /// <summary>The path as written.</summary>
    public string Path { get; }

    /// <summary>The leaf field (a scalar, enum, string or bytes field).</summary>
    public FieldDescriptor Leaf => _steps[^1].Field;

    /// <summary>Resolves a path against the ProtoMsg's descriptor; false with <paramref name="why"/> when it names no settable field.</summary>
    public static bool TryParse(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WireField? field, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? why)
    {
        field = null;
        MessageDescriptor message = Wire.ProtoMsg.Descriptor;
        List<(FieldDescriptor, int?)> steps = [];
        string[] parts = path.Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            int? index = null;
            int bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                if (!part.EndsWith(']') || !int.TryParse(part.AsSpan(bracket + 1, part.Length - bracket - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n > MaxIndex)
                {
                    why = $"\"{part}\" is not NAME or NAME[INDEX] (0 to {MaxIndex})";
                    return false;
                }

                index = n;
                part = part[..bracket];
            }

            FieldDescriptor? f = message.FindFieldByName(part);
            if (f is null)
            {
                why = $"{message.Name} has no field \"{part}\" (it has {string.Join(", ", message.Fields.InDeclarationOrder().Select(x => x.Name))})";
                return false;
            }

            bool last = i == parts.Length - 1;
            if (f.IsMap || (f.IsRepeated && (index is null || f.FieldType != FieldType.Message)) || (!f.IsRepeated && index is not null))
            {
                why = f.IsRepeated ? $"{part} is a repeated field: name one element of messages, NAME[INDEX]" : $"{part} is not a repeated field";
                return false;
            }

            steps.Add((f, index));
            if (f.FieldType == FieldType.Message)
            {
                if (last)
                {
                    why = $"{part} is a message ({f.MessageType.Name}): name one of its fields ({string.Join(", ", f.MessageType.Fields.InDeclarationOrder().Select(x => x.Name))})";
                    return false;
                }

                message = f.MessageType;
            }
            else if (!last)
            {
                why = $"{part} is not a message, so it has no field {parts[i + 1]}";
                return false;
            }
        }

        why = null;
        field = new WireField(path, steps);
        return true;
    }

    /// <summary>The largest element index a path may name.</summary>
    public const int MaxIndex = 9999;

    /// <summary>The message that holds the leaf in <paramref name="root"/>, or null with <paramref name="why"/> when a part of the path is absent.</summary>
    public IMessage? Holder(IMessage root, out string? why)
    {
        IMessage current = root;
        for (int i = 0; i < _steps.Count - 1; i++)
        {
            (FieldDescriptor f, int? index) = _steps[i];
            object? value = f.Accessor.GetValue(current);
            if (index is { } n)
            {
                var list = (System.Collections.IList)value!;
                if (n >= list.Count)
                {
                    why = $"{f.Name} has {list.Count} element(s), no [{n}]";
                    return null;
                }

                value = list[n];
            }
            else if (f.ContainingOneof is { } oneof && oneof.Accessor.GetCaseFieldDescriptor(current)?.FieldNumber != f.FieldNumber)
            {
                why = $"it carries no {f.Name}";
                return null;
            }
            else if (value is null)
            {
                why = $"its {f.Name} is not set";
                return null;
            }

            current = (IMessage)value!;
        }

        why = null;
        return current;
    }

    /// <summary>The leaf's value in <paramref name="root"/>, or null when a part of the path is absent.</summary>
    public object? Get(IMessage root) => Holder(root, out _) is { } holder ? Leaf.Accessor.GetValue(holder) : null;
}

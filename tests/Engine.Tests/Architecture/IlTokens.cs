using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace E2eeConformance.Engine.Tests.Architecture;

/// <summary>
/// Walks a method body's IL and yields the metadata token of every instruction that names a type, method, field or
/// signature (ECMA-335 §III: the operand kinds InlineType, InlineMethod, InlineField, InlineTok and InlineSig).
/// The opcode table is read from <see cref="OpCodes"/>, so every opcode the runtime knows is decoded.
/// </summary>
internal static class IlTokens
{
    private static readonly Dictionary<ushort, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => unchecked((ushort)code.Value), code => code.OperandType);

    /// <summary>The tokens named by the instructions of <paramref name="body"/>, in order.</summary>
    public static IEnumerable<EntityHandle> Read(MethodBodyBlock body)
    {
        BlobReader il = body.GetILReader();
        var tokens = new List<EntityHandle>();
        while (il.RemainingBytes > 0)
        {
            ushort value = il.ReadByte();
            if (value == 0xFE)
            {
                value = (ushort)(0xFE00 | il.ReadByte());
            }

            if (!OperandTypes.TryGetValue(value, out OperandType operand))
            {
                throw new InvalidOperationException($"unknown IL opcode 0x{value:X4} at offset {il.Offset}");
            }

            if (IsToken(operand))
            {
                tokens.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
            }
            else
            {
                Skip(ref il, operand);
            }
        }

        return tokens;
    }

    private static bool IsToken(OperandType operand) => operand is OperandType.InlineType or OperandType.InlineMethod
        or OperandType.InlineField or OperandType.InlineTok or OperandType.InlineSig;

    private static void Skip(ref BlobReader il, OperandType operand)
    {
        switch (operand)
        {
            case OperandType.InlineNone:
                break;
            case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                il.Offset += 1;
                break;
            case OperandType.InlineVar:
                il.Offset += 2;
                break;
            case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineString or OperandType.ShortInlineR:
                il.Offset += 4;
                break;
            case OperandType.InlineI8 or OperandType.InlineR:
                il.Offset += 8;
                break;
            case OperandType.InlineSwitch:
                int targets = il.ReadInt32();
                il.Offset += checked(targets * 4);
                break;
            default:
                throw new InvalidOperationException($"IL operand kind {operand} has no known size");
        }
    }
}

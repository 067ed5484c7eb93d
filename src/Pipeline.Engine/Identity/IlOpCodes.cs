using System.Reflection;
using System.Reflection.Emit;

namespace Pipeline.Engine;

/// <summary>Operand kinds of the IL opcodes, indexed by their one-byte or 0xFE-prefixed encoding, from the runtime's own table.</summary>
internal static class IlOpCodes
{
    public static readonly OperandType?[] OneByte = new OperandType?[256];
    public static readonly OperandType?[] TwoByte = new OperandType?[256];

    static IlOpCodes()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (code.Size == 1)
            {
                OneByte[value] = code.OperandType;
            }
            else
            {
                TwoByte[value & 0xFF] = code.OperandType;
            }
        }
    }

    /// <summary>Size in bytes of an operand (for <c>switch</c>, of its count only).</summary>
    public static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    /// <summary>True for operands that are metadata tokens.</summary>
    public static bool IsToken(OperandType type) =>
        type is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig or OperandType.InlineTok or OperandType.InlineType;
}

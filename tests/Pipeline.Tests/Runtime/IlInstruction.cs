using System.Reflection.Emit;

namespace Pipeline.Tests.Runtime;

/// <summary>
/// One instruction of a method body: its offset, opcode and inline operand (a metadata token for calls,
/// the local's index for ldloc/stloc, 0 for the rest). Operand sizes come from
/// <see cref="OpCodes"/>, so every ECMA-335 opcode is decoded, not only the ones the checks look at.
/// </summary>
internal readonly record struct IlInstruction(int Offset, OpCode OpCode, int Operand)
{
    private static readonly Dictionary<short, OpCode> ByValue = typeof(OpCodes).GetFields()
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(opCode => opCode.Value);

    public static List<IlInstruction> Decode(byte[] il)
    {
        var instructions = new List<IlInstruction>();
        var position = 0;
        while (position < il.Length)
        {
            var offset = position;
            short value = il[position++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[position++]));
            }

            var opCode = ByValue[value];
            var operand = opCode.OperandType switch
            {
                OperandType.ShortInlineVar or OperandType.ShortInlineI or OperandType.ShortInlineBrTarget => il[position],
                OperandType.InlineVar => BitConverter.ToUInt16(il, position),
                OperandType.InlineNone or OperandType.InlineI8 or OperandType.InlineR => 0,
                _ => BitConverter.ToInt32(il, position),
            };
            position += opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineVar or OperandType.ShortInlineI or OperandType.ShortInlineBrTarget => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
                _ => 4,
            };
            instructions.Add(new IlInstruction(offset, opCode, operand));
        }
        return instructions;
    }

    /// <summary>The local a stloc stores to, or null for any other instruction.</summary>
    public int? StoredLocal => OpCode.Value switch
    {
        0x0A or 0x0B or 0x0C or 0x0D => OpCode.Value - 0x0A,
        0x13 or unchecked((short)0xFE0E) => Operand,
        _ => null,
    };

    /// <summary>The local an ldloc loads, or null for any other instruction.</summary>
    public int? LoadedLocal => OpCode.Value switch
    {
        0x06 or 0x07 or 0x08 or 0x09 => OpCode.Value - 0x06,
        0x11 or unchecked((short)0xFE0C) => Operand,
        _ => null,
    };

    public bool StoresField => OpCode == OpCodes.Stfld || OpCode == OpCodes.Stsfld;

    public bool TargetsMethod => OpCode.OperandType == OperandType.InlineMethod;
}

using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Models.Pretrained;

/// <summary>
/// A pickle reader for the subset of Python's pickle format (protocols 0-4) that <c>torch.save</c> files use. It
/// builds plain data (dicts, lists, tuples as <c>object?[]</c>, numbers, strings) and never runs or imports
/// anything: globals become <see cref="PickleGlobal"/>, calls the caller does not interpret become
/// <see cref="PickleObject"/>. Reads exactly one pickle (up to its STOP) from the stream and leaves the stream there,
/// as the legacy torch format needs (several pickles, then raw storage bytes).
/// </summary>
internal sealed class PickleReader
{
    private static readonly object Mark = new();
    private readonly Stream stream;
    private readonly string source;
    private readonly Func<object?, object?> persistentLoad;
    private readonly Func<PickleGlobal, object?[], object?>? reduce;
    private readonly Dictionary<long, object?> memo = [];
    private readonly List<object?> stack = [];

    /// <param name="source">Named in every error message (the file).</param>
    /// <param name="persistentLoad">Resolves a persistent id (torch's storage references).</param>
    /// <param name="reduce">Interprets a call of a global; returns null to keep it as a <see cref="PickleObject"/>.</param>
    public PickleReader(Stream stream, string source, Func<object?, object?> persistentLoad, Func<PickleGlobal, object?[], object?>? reduce = null)
    {
        this.stream = stream;
        this.source = source;
        this.persistentLoad = persistentLoad;
        this.reduce = reduce;
    }

    /// <summary>Reads one pickle and returns its object.</summary>
    public object? Load()
    {
        memo.Clear();
        stack.Clear();
        while (true)
        {
            var position = stream.CanSeek ? stream.Position : -1;
            var code = stream.ReadByte();
            if (code < 0)
            {
                throw Error(position, "the file ends inside a pickle (truncated?)");
            }

            switch (code)
            {
                case 0x80: // PROTO
                    var protocol = ReadByte();
                    if (protocol > 5)
                    {
                        throw Error(position, $"pickle protocol {protocol} is newer than this reader knows (0-5)");
                    }

                    break;
                case 0x95: // FRAME: a length hint only
                    ReadBytes(8);
                    break;
                case '.': // STOP
                    return Pop();
                case '(':
                    stack.Add(Mark);
                    break;
                case '0':
                    Pop();
                    break;
                case '1':
                    PopMark();
                    break;
                case '2':
                    stack.Add(stack[^1]);
                    break;
                case 'N':
                    stack.Add(null);
                    break;
                case 0x88:
                    stack.Add(true);
                    break;
                case 0x89:
                    stack.Add(false);
                    break;
                case 'J': // BININT
                    stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)));
                    break;
                case 'K': // BININT1
                    stack.Add((long)ReadByte());
                    break;
                case 'M': // BININT2
                    stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2)));
                    break;
                case 0x8a: // LONG1
                    stack.Add(LittleEndianInteger(ReadBytes(ReadByte())));
                    break;
                case 0x8b: // LONG4
                    stack.Add(LittleEndianInteger(ReadBytes(ReadLength(4, position))));
                    break;
                case 'I': // INT (text); I00/I01 are False/True
                    var intText = ReadLine();
                    stack.Add(intText switch { "00" => false, "01" => true, _ => (object)long.Parse(intText, CultureInfo.InvariantCulture) });
                    break;
                case 'L': // LONG (text)
                    stack.Add(Narrow(BigInteger.Parse(ReadLine().TrimEnd('L'), CultureInfo.InvariantCulture)));
                    break;
                case 'G': // BINFLOAT
                    stack.Add(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8)));
                    break;
                case 'F': // FLOAT (text)
                    stack.Add(double.Parse(ReadLine(), CultureInfo.InvariantCulture));
                    break;
                case 'X': // BINUNICODE
                    stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadLength(4, position))));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadByte())));
                    break;
                case 0x8d: // BINUNICODE8
                    stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadLength(8, position))));
                    break;
                case 'V': // UNICODE (raw-unicode-escape text)
                    stack.Add(Regex.Unescape(ReadLine()));
                    break;
                case 'T': // BINSTRING (Python 2 str)
                    stack.Add(Encoding.Latin1.GetString(ReadBytes(ReadLength(4, position))));
                    break;
                case 'U': // SHORT_BINSTRING
                    stack.Add(Encoding.Latin1.GetString(ReadBytes(ReadByte())));
                    break;
                case 'S': // STRING (quoted text)
                    stack.Add(Regex.Unescape(ReadLine().Trim()[1..^1]));
                    break;
                case 'B': // BINBYTES
                    stack.Add(ReadBytes(ReadLength(4, position)));
                    break;
                case 'C': // SHORT_BINBYTES
                    stack.Add(ReadBytes(ReadByte()));
                    break;
                case 0x8e: // BINBYTES8
                case 0x96: // BYTEARRAY8
                    stack.Add(ReadBytes(ReadLength(8, position)));
                    break;
                case ')':
                    stack.Add(Array.Empty<object?>());
                    break;
                case 't':
                    stack.Add(PopMark().ToArray());
                    break;
                case 0x85:
                    stack.Add(new[] { Pop() });
                    break;
                case 0x86:
                {
                    var b = Pop();
                    var a = Pop();
                    stack.Add(new[] { a, b });
                    break;
                }
                case 0x87:
                {
                    var c = Pop();
                    var b = Pop();
                    var a = Pop();
                    stack.Add(new[] { a, b, c });
                    break;
                }
                case ']':
                    stack.Add(new List<object?>());
                    break;
                case 'l':
                    stack.Add(PopMark());
                    break;
                case 'a':
                {
                    var item = Pop();
                    Append(stack[^1], [item], position);
                    break;
                }
                case 'e':
                {
                    var items = PopMark();
                    Append(stack[^1], items, position);
                    break;
                }
                case '}':
                    stack.Add(new PickleDict());
                    break;
                case 'd':
                {
                    var dict = new PickleDict();
                    SetItems(dict, PopMark(), position);
                    stack.Add(dict);
                    break;
                }
                case 's':
                {
                    var value = Pop();
                    var key = Pop();
                    SetItems(stack[^1], [key, value], position);
                    break;
                }
                case 'u':
                {
                    var items = PopMark();
                    SetItems(stack[^1], items, position);
                    break;
                }
                case 0x8f: // EMPTY_SET
                    stack.Add(new List<object?>());
                    break;
                case 0x90: // ADDITEMS
                {
                    var items = PopMark();
                    Append(stack[^1], items, position);
                    break;
                }
                case 0x91: // FROZENSET
                    stack.Add(PopMark());
                    break;
                case 'c': // GLOBAL
                {
                    var module = ReadLine();
                    stack.Add(new PickleGlobal(module, ReadLine()));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop() as string;
                    var module = Pop() as string;
                    if (module is null || name is null)
                        {
                            throw Error(position, "STACK_GLOBAL without a module and name");
                        }

                        stack.Add(new PickleGlobal(module, name));
                    break;
                }
                case 'R': // REDUCE
                {
                    var arguments = Pop() as object?[] ?? throw Error(position, "REDUCE without an argument tuple");
                    var callable = Pop() as PickleGlobal ?? throw Error(position, "REDUCE of something that is not a global");
                    stack.Add(Call(callable, arguments));
                    break;
                }
                case 0x81: // NEWOBJ
                {
                    var arguments = Pop() as object?[] ?? throw Error(position, "NEWOBJ without an argument tuple");
                    var type = Pop() as PickleGlobal ?? throw Error(position, "NEWOBJ of something that is not a class");
                    stack.Add(Call(type, arguments));
                    break;
                }
                case 0x92: // NEWOBJ_EX
                {
                    Pop();
                    var arguments = Pop() as object?[] ?? throw Error(position, "NEWOBJ_EX without an argument tuple");
                    var type = Pop() as PickleGlobal ?? throw Error(position, "NEWOBJ_EX of something that is not a class");
                    stack.Add(Call(type, arguments));
                    break;
                }
                case 'b': // BUILD
                {
                    var state = Pop();
                    switch (stack[^1])
                    {
                        case PickleObject o:
                            o.State = state;
                            break;
                        case PickleDict d:
                            d.State = state;
                            break;
                        default:
                            // A value the reduce hook already interpreted (a tensor): its state is not needed.
                            break;
                    }
                    break;
                }
                case 'Q': // BINPERSID
                    stack.Add(persistentLoad(Pop()));
                    break;
                case 'P': // PERSID
                    stack.Add(persistentLoad(ReadLine()));
                    break;
                case 'q': // BINPUT
                    memo[ReadByte()] = stack[^1];
                    break;
                case 'r': // LONG_BINPUT
                    memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = stack[^1];
                    break;
                case 'p': // PUT
                    memo[long.Parse(ReadLine(), CultureInfo.InvariantCulture)] = stack[^1];
                    break;
                case 0x94: // MEMOIZE
                    memo[memo.Count] = stack[^1];
                    break;
                case 'h': // BINGET
                    stack.Add(Recall(ReadByte(), position));
                    break;
                case 'j': // LONG_BINGET
                    stack.Add(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)), position));
                    break;
                case 'g': // GET
                    stack.Add(Recall(long.Parse(ReadLine(), CultureInfo.InvariantCulture), position));
                    break;
                default:
                    throw Error(position, $"pickle opcode 0x{code:x2} is not one torch.save writes; this reader does not handle it");
            }
        }
    }

    private object? Call(PickleGlobal callable, object?[] arguments)
    {
        if (reduce?.Invoke(callable, arguments) is { } interpreted)
        {
            return interpreted;
        }

        if (callable is { Module: "collections", Name: "OrderedDict" } or { Module: "builtins" or "__builtin__", Name: "dict" })
        {
            var dict = new PickleDict();
            if (arguments is [List<object?> pairs])
            {
                foreach (var pair in pairs)
                {
                    if (pair is object?[] { Length: 2 } kv && kv[0] is { } key)
                    {
                        dict.Set(key, kv[1]);
                    }
                }
            }
            return dict;
        }
        return new PickleObject(callable, arguments);
    }

    private void Append(object? target, List<object?> items, long position)
    {
        switch (target)
        {
            case List<object?> list:
                list.AddRange(items);
                break;
            case PickleObject o:
                o.Items.AddRange(items);
                break;
            default:
                throw Error(position, $"APPEND to a {target?.GetType().Name ?? "None"}");
        }
    }

    private void SetItems(object? target, List<object?> items, long position)
    {
        if (items.Count % 2 != 0)
        {
            throw Error(position, "SETITEMS with an odd number of items");
        }

        for (var i = 0; i < items.Count; i += 2)
        {
            var key = items[i] ?? "None";
            switch (target)
            {
                case PickleDict dict:
                    dict.Set(key, items[i + 1]);
                    break;
                case PickleObject o:
                    o.Items.Add(new[] { key, items[i + 1] });
                    break;
                default:
                    throw Error(position, $"SETITEM on a {target?.GetType().Name ?? "None"}");
            }
        }
    }

    private object? Pop()
    {
        if (stack.Count == 0)
        {
            throw Error(-1, "stack underflow");
        }

        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        if (ReferenceEquals(top, Mark))
        {
            throw Error(-1, "unexpected MARK");
        }

        return top;
    }

    private List<object?> PopMark()
    {
        var at = stack.FindLastIndex(o => ReferenceEquals(o, Mark));
        if (at < 0)
        {
            throw Error(-1, "no MARK on the stack");
        }

        var items = stack.GetRange(at + 1, stack.Count - at - 1);
        stack.RemoveRange(at, stack.Count - at);
        return items;
    }

    private object? Recall(long key, long position) =>
        memo.TryGetValue(key, out var value) ? value : throw Error(position, $"memo entry {key} was never stored");

    private int ReadByte()
    {
        var b = stream.ReadByte();
        return b >= 0 ? b : throw Error(-1, "the file ends inside a pickle (truncated?)");
    }

    private int ReadLength(int bytes, long position)
    {
        var raw = ReadBytes(bytes);
        var length = bytes == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(raw) : BinaryPrimitives.ReadUInt64LittleEndian(raw);
        if (length > int.MaxValue)
        {
            throw Error(position, $"a pickled value of {length} bytes is larger than this reader handles");
        }

        return (int)length;
    }

    private byte[] ReadBytes(int count)
    {
        var buffer = new byte[count];
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw Error(-1, "the file ends inside a pickle (truncated?)");
        }
        return buffer;
    }

    private string ReadLine()
    {
        var bytes = new List<byte>();
        int b;
        while ((b = ReadByte()) != '\n')
        {
            bytes.Add((byte)b);
        }

        return Encoding.Latin1.GetString(bytes.ToArray());
    }

    private static object LittleEndianInteger(byte[] bytes) => Narrow(new BigInteger(bytes, isUnsigned: false, isBigEndian: false));

    private static object Narrow(BigInteger value) => value >= long.MinValue && value <= long.MaxValue ? (long)value : value;

    private InvalidDataException Error(long position, string message) =>
        new($"{source}: {message}{(position >= 0 ? $" (byte {position})" : "")}.");
}

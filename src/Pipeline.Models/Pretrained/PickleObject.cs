namespace Pipeline.Models.Pretrained;

/// <summary>An object a pickle builds by calling a global (<c>REDUCE</c>, <c>NEWOBJ</c>) that the reader does not interpret: kept as data.</summary>
internal sealed class PickleObject(PickleGlobal type, object?[] arguments)
{
    public PickleGlobal Type { get; } = type;

    public object?[] Arguments { get; } = arguments;

    /// <summary>The <c>BUILD</c> state (usually the instance's <c>__dict__</c>).</summary>
    public object? State { get; set; }

    /// <summary>Items appended or set on it (list or dict subclasses).</summary>
    public List<object?> Items { get; } = [];
}

namespace Pipeline.Models.Pretrained;

/// <summary>A Python global (<c>module.name</c>) a pickle refers to: a class or a function. Nothing is ever imported or run.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

namespace Pipeline.Augmentation.Specs;

/// <summary>A closed integer interval [Min, Max] (kernel sizes). YAML: <c>[3, 7]</c>.</summary>
public sealed record IntRange
{
    public IntRange()
    {
    }

    public IntRange(int min, int max)
    {
        Min = min;
        Max = max;
    }

    public int Min { get; init; } = 1;

    public int Max { get; init; } = 1;
}

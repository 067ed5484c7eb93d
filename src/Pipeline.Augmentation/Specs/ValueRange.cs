namespace Pipeline.Augmentation.Specs;

/// <summary>A closed interval [Min, Max] a parameter is drawn from uniformly, per image. YAML: <c>[0.7, 1.3]</c>; where marked symmetric, <c>45</c> means <c>[-45, 45]</c>.</summary>
public sealed record ValueRange
{
    public ValueRange()
    {
    }

    public ValueRange(double min, double max)
    {
        Min = min;
        Max = max;
    }

    public double Min { get; init; }

    public double Max { get; init; }

    /// <summary>A range holding a single value.</summary>
    public static ValueRange Fixed(double value) => new(value, value);
}

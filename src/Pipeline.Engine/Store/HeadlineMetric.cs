using System.Globalization;

namespace Pipeline.Engine;

/// <summary>The one number a stage reports for the summary table, e.g. <c>val_accuracy 0.8312</c>.</summary>
public sealed record HeadlineMetric(string Name, double Value)
{
    /// <summary>"name value" with the value rounded to 4 decimals, invariant culture.</summary>
    public override string ToString() => $"{Name} {Value.ToString("0.####", CultureInfo.InvariantCulture)}";
}

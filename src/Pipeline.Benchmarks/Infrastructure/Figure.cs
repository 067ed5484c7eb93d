namespace Pipeline.Benchmarks.Infrastructure;

/// <summary>
/// One benchmark figure: the median of its samples (each sample one timed repeat after warm-up), the raw
/// samples, and optionally a goal it is checked against.
/// </summary>
/// <param name="Id">Letter of the list plus a suffix, e.g. <c>a</c>, <c>b/a</c>, <c>c.affine</c>.</param>
/// <param name="Name">What was measured, in words.</param>
/// <param name="Unit">Unit of <see cref="Median"/> and <see cref="Samples"/>.</param>
/// <param name="Median">Median of <see cref="Samples"/>.</param>
/// <param name="Samples">Raw samples in the order they were taken.</param>
public sealed record Figure(string Id, string Name, string Unit, double Median, IReadOnlyList<double> Samples)
{
    /// <summary>The goal in words (e.g. <c>&gt;= 0.90</c>); null when the figure has none.</summary>
    public string? Goal { get; init; }

    /// <summary>Whether the median meets <see cref="Goal"/>; null without a goal.</summary>
    public bool? Met { get; init; }

    /// <summary>How it was measured, or why it was not.</summary>
    public string? Note { get; init; }

    public static Figure Of(string id, string name, string unit, IReadOnlyList<double> samples) =>
        new(id, name, unit, Stats.Median(samples), samples);

    /// <summary>A figure that could not be measured; the note says why.</summary>
    public static Figure Missing(string id, string name, string unit, string why) =>
        new(id, name, unit, double.NaN, []) { Note = why };

    /// <summary>This figure checked against a lower bound.</summary>
    public Figure AtLeast(double bound, string format = "0.00") =>
        this with { Goal = $">= {bound.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}", Met = !double.IsNaN(Median) && Median >= bound };

    /// <summary>This figure checked against an upper bound.</summary>
    public Figure AtMost(double bound, string format = "0.00") =>
        this with { Goal = $"<= {bound.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}", Met = !double.IsNaN(Median) && Median <= bound };

    public Figure WithNote(string note) => this with { Note = Note is null ? note : $"{Note}; {note}" };
}

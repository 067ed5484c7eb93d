namespace Pipeline.Reporting.Html;

/// <summary>Image counts of the data report: <see cref="Counts"/>[class][split], aligned with <see cref="Classes"/> and <see cref="Splits"/>.</summary>
public sealed record DataCounts(
    IReadOnlyList<string> Splits,
    IReadOnlyList<string> Classes,
    IReadOnlyList<IReadOnlyList<int>> Counts);

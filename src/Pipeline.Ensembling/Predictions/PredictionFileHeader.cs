namespace Pipeline.Ensembling.Predictions;

/// <summary>The JSON header of a <see cref="PredictionFile"/>; every member is nullable so a truncated header is reported, not defaulted.</summary>
internal sealed class PredictionFileHeader
{
    public string? Model { get; init; }

    public string? Checkpoint { get; init; }

    public int? TtaVersion { get; init; }

    public string? Split { get; init; }

    public string[]? Ids { get; init; }

    public string[]? Classes { get; init; }

    public int[]? Labels { get; init; }
}

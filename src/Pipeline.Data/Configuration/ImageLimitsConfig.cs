using System.ComponentModel.DataAnnotations;

namespace Pipeline.Data.Configuration;

/// <summary><c>limits</c> in data.yaml: files beyond these are rejected from their header, before any pixel is decoded.</summary>
public sealed record ImageLimitsConfig
{
    /// <summary><c>max_width</c> in pixels.</summary>
    [Range(1, 65_535)]
    public int MaxWidth { get; init; } = 8192;

    /// <summary><c>max_height</c> in pixels.</summary>
    [Range(1, 65_535)]
    public int MaxHeight { get; init; } = 8192;

    /// <summary><c>max_bytes</c>: largest file accepted.</summary>
    [Range(1.0, 1e12)]
    public long MaxBytes { get; init; } = 50_000_000;
}

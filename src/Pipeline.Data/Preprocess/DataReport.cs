using Pipeline.Data.Sources;

namespace Pipeline.Data.Preprocess;

/// <summary>
/// <c>data_report.json</c>: what Preprocess read and wrote. Holds no absolute paths, times or machine
/// facts, so the same data and settings give the same report anywhere.
/// </summary>
public sealed record DataReport
{
    /// <summary>The source kind (synthetic, competition, folders, fashion_mnist).</summary>
    public required string Source { get; init; }

    /// <summary>Side of the square images in the shards.</summary>
    public required int ImageSize { get; init; }

    /// <summary>The resampler used to resize.</summary>
    public required string Resampler { get; init; }

    /// <summary>The validation fraction applied per class.</summary>
    public required double ValidationFraction { get; init; }

    /// <summary>The seed of the validation split.</summary>
    public required int ValidationSeed { get; init; }

    /// <summary>The bad-image policy in force (fail or skip).</summary>
    public required string OnBadImage { get; init; }

    /// <summary>Class names in label order.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Images per class and split.</summary>
    public required IReadOnlyList<ClassCounts> Counts { get; init; }

    /// <summary>Images in train.shard.</summary>
    public required int Train { get; init; }

    /// <summary>Images in val.shard.</summary>
    public required int Val { get; init; }

    /// <summary>Images in test.shard.</summary>
    public required int Test { get; init; }

    /// <summary>Whether test_labels.json (test ground truth, for scoring only) was written.</summary>
    public required bool TestHasLabels { get; init; }

    /// <summary>Bad image files left out under on_bad_image: skip.</summary>
    public required IReadOnlyList<BadImage> Skipped { get; init; }

    /// <summary>Files in the data folders that are not images of the layout (a folder source's stray files).</summary>
    public required IReadOnlyList<IgnoredFile> Ignored { get; init; }

    /// <summary>Things worth knowing that did not stop the run (a class left empty by skipping).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The contact sheet's legend: one row per class, the ids shown left to right.</summary>
    public required IReadOnlyList<ContactSheetRow> ContactSheet { get; init; }
}

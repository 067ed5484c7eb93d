using System.ComponentModel.DataAnnotations;

namespace Pipeline.Data.Configuration;

/// <summary><c>synthetic</c> in data.yaml: the deterministic groceries generator (see <see cref="Synthetic.SyntheticGroceries"/>).</summary>
public sealed record SyntheticConfig
{
    /// <summary><c>classes</c>: how many of the competition's 25 labels to use (the first N, alphabetical).</summary>
    [Range(2, 25)]
    public int Classes { get; init; } = 25;

    /// <summary><c>train_count</c>: labelled images (train.csv), split over classes in the real data's proportions.</summary>
    [Range(2, 1_000_000)]
    public int TrainCount { get; init; } = 750;

    /// <summary><c>test_count</c>: test images (test.csv, ground truth in test_labels.csv).</summary>
    [Range(0, 1_000_000)]
    public int TestCount { get; init; } = 400;

    /// <summary><c>image_size</c>: side in pixels of the generated PNGs (Preprocess resizes them to data.image_size).</summary>
    [Range(16, 1024)]
    public int ImageSize { get; init; } = 96;

    /// <summary><c>seed</c>: the same seed and settings give byte-identical files.</summary>
    public int Seed { get; init; } = 7;

    /// <summary><c>difficulty</c>: 0 = centred products on plain backgrounds, 1 = strong pose, clutter, noise and occlusion.</summary>
    [Range(0.0, 1.0)]
    public double Difficulty { get; init; } = 0.6;
}

using System.ComponentModel.DataAnnotations;

namespace Pipeline.Data.Configuration;

/// <summary><c>competition</c> in data.yaml: the HackerEarth layout, <c>train.csv</c> (image_id,label), <c>test.csv</c> (image_id) and PNG folders.</summary>
public sealed record CompetitionConfig
{
    /// <summary><c>root</c>: the folder that holds the CSV files and image folders.</summary>
    public string Root { get; init; } = "/data/hackerearth";

    /// <summary><c>train_csv</c>: relative to root.</summary>
    [MinLength(1)]
    public string TrainCsv { get; init; } = "train.csv";

    /// <summary><c>test_csv</c>: relative to root.</summary>
    [MinLength(1)]
    public string TestCsv { get; init; } = "test.csv";

    /// <summary><c>test_labels_csv</c>: optional ground truth for the test set (image_id,label), used only to score; ignored when the file is absent.</summary>
    public string? TestLabelsCsv { get; init; } = "test_labels.csv";

    /// <summary><c>train_dir</c>: folder of labelled images (the team renamed it to labeled_img).</summary>
    [MinLength(1)]
    public string TrainDir { get; init; } = "train_img";

    /// <summary><c>test_dir</c>: folder of test images.</summary>
    [MinLength(1)]
    public string TestDir { get; init; } = "test_img";

    /// <summary><c>labels</c>: the class list in order; empty means the sorted distinct labels of train.csv.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}

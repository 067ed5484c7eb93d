using System.ComponentModel.DataAnnotations;

namespace Pipeline.Data.Configuration;

/// <summary><c>fashion_mnist</c> in data.yaml: the IDX files (<c>train-images-idx3-ubyte.gz</c>, ...) as installed by Debian's dataset-fashion-mnist.</summary>
public sealed record FashionMnistConfig
{
    /// <summary><c>path</c>: the folder holding the four IDX files (gzip or plain).</summary>
    public string Path { get; init; } = "/usr/share/datasets/fashion-mnist";

    /// <summary><c>train_count</c>: stratified subset of the 60,000 training images; 0 takes all.</summary>
    [Range(0, 60_000)]
    public int TrainCount { get; init; } = 3200;

    /// <summary><c>test_count</c>: stratified subset of the 10,000 test images; 0 takes all.</summary>
    [Range(0, 10_000)]
    public int TestCount { get; init; } = 1700;

    /// <summary><c>seed</c>: for the subsets.</summary>
    public int Seed { get; init; } = 1;
}

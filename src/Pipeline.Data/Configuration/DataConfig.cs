using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Data.Configuration;

/// <summary>
/// <c>experiments/**/data.yaml</c>: where the images come from and how Preprocess turns them into shards.
/// Only the section named by <see cref="Source"/> is read; the others keep their defaults.
/// </summary>
public sealed record DataConfig : IValidatableConfig
{
    /// <summary>Source names accepted by <see cref="Source"/>.</summary>
    public const string SyntheticSource = "synthetic", CompetitionSource = "competition", FoldersSource = "folders", FashionMnistSource = "fashion_mnist";

    /// <summary>Bad-image policies accepted by <see cref="OnBadImage"/>.</summary>
    public const string FailPolicy = "fail", SkipPolicy = "skip";

    /// <summary><c>source</c>: synthetic (the embedded default), competition, folders or fashion_mnist.</summary>
    [AllowedValues(SyntheticSource, CompetitionSource, FoldersSource, FashionMnistSource)]
    public string Source { get; init; } = SyntheticSource;

    /// <summary><c>synthetic</c>: the generated groceries set, written in the competition layout.</summary>
    public SyntheticConfig Synthetic { get; init; } = new();

    /// <summary><c>competition</c>: the HackerEarth layout (train.csv, test.csv, image folders).</summary>
    public CompetitionConfig Competition { get; init; } = new();

    /// <summary><c>folders</c>: one folder per class (the Freiburg Groceries release).</summary>
    public FoldersConfig Folders { get; init; } = new();

    /// <summary><c>fashion_mnist</c>: the IDX files of Fashion-MNIST.</summary>
    public FashionMnistConfig FashionMnist { get; init; } = new();

    /// <summary><c>image_size</c>: side in pixels of the square images Preprocess writes.</summary>
    [Range(8, 1024)]
    public int ImageSize { get; init; } = 64;

    /// <summary>
    /// <c>resampler</c>: the ImageSharp resampler used to resize. Bicubic is the default: it is what
    /// OpenCV's and PIL's common downscaling settings approximate, and keeps edges crisper than bilinear.
    /// </summary>
    [AllowedValues("bicubic", "bilinear", "lanczos3", "nearest")]
    public string Resampler { get; init; } = "bicubic";

    /// <summary><c>validation</c>: the stratified holdout taken from the labelled set.</summary>
    public ValidationConfig Validation { get; init; } = new();

    /// <summary><c>on_bad_image</c>: fail (one error listing every bad file) or skip (listed in the data report).</summary>
    [AllowedValues(FailPolicy, SkipPolicy)]
    public string OnBadImage { get; init; } = FailPolicy;

    /// <summary><c>limits</c>: decoder limits that reject absurd files before they are decoded.</summary>
    public ImageLimitsConfig Limits { get; init; } = new();

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        // Records nested in this one are validated by the binder on their own; this only checks what spans sections.
        if (Source == FashionMnistSource && ImageSize < 28)
        {
            yield return ("image_size", $"Fashion-MNIST images are 28 px; image_size {ImageSize} would throw detail away (use 28 or more).");
        }
    }
}

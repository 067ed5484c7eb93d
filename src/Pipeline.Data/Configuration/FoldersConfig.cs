using System.ComponentModel.DataAnnotations;

namespace Pipeline.Data.Configuration;

/// <summary>
/// <c>folders</c> in data.yaml: one sub-folder per class (Freiburg: <c>images/BEANS/BEANS0001.png</c>).
/// A folder's label is its name lower-cased (TOMATO_SAUCE → tomato_sauce).
/// </summary>
public sealed record FoldersConfig
{
    /// <summary><c>root</c>: the folder whose sub-folders are the classes.</summary>
    public string Root { get; init; } = "/data/freiburg/images";

    /// <summary>
    /// <c>test_list</c>: optional file listing the test images, one path relative to root per line
    /// (anything after the first whitespace, such as Freiburg's class id, is ignored). When null,
    /// a stratified <see cref="TestFraction"/> of each class is held out.
    /// </summary>
    public string? TestList { get; init; }

    /// <summary><c>test_fraction</c>: share of each class held out as the test set when no list is given.</summary>
    [Range(0.0, 0.9)]
    public double TestFraction { get; init; } = 0.35;

    /// <summary><c>seed</c>: for the stratified test split.</summary>
    public int Seed { get; init; } = 1;
}

namespace Pipeline.Data.Sources;

/// <summary>
/// What every reader produces: the class list in order, the labelled images (to be split into train
/// and validation), the test images, and the test ground truth when the source has one (used only
/// to score, never to train).
/// </summary>
public sealed record LabelledSource
{
    /// <summary>A short name of the source kind, such as "competition".</summary>
    public required string Kind { get; init; }

    /// <summary>The folder the source was read from; report paths are written relative to it.</summary>
    public required string Root { get; init; }

    /// <summary>Class names; labels are indices into this list.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Labelled images, each with a label from <see cref="Classes"/>.</summary>
    public required IReadOnlyList<LabelledImage> Labelled { get; init; }

    /// <summary>Test images; their <see cref="LabelledImage.Label"/> is the ground truth when known, else null.</summary>
    public required IReadOnlyList<LabelledImage> Test { get; init; }

    /// <summary>True when every test image has a ground-truth label.</summary>
    public bool TestHasLabels => Test.Count > 0 && Test.All(t => t.Label is not null);

    /// <summary>Files seen and not used, with reasons.</summary>
    public IReadOnlyList<IgnoredFile> Ignored { get; init; } = [];
}

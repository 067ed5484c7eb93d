namespace Pipeline.Data.Preprocess;

/// <summary>Thrown by Preprocess under <c>on_bad_image: fail</c>: one error that lists every bad image file and why.</summary>
public sealed class BadImagesException : Exception
{
    /// <summary>Creates the exception for the given files (at least one).</summary>
    public BadImagesException(IReadOnlyList<BadImage> images)
        : base(Format(images)) => Images = images;

    /// <summary>The bad files, in the order the source lists them.</summary>
    public IReadOnlyList<BadImage> Images { get; }

    private static string Format(IReadOnlyList<BadImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var noun = images.Count == 1 ? "bad image file" : "bad image files";
        return $"{images.Count} {noun} (on_bad_image is 'fail'; set it to 'skip' to leave them out and list them in data_report.json):"
            + string.Concat(images.Select(i => Environment.NewLine + "  " + i));
    }
}

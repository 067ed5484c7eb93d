namespace Pipeline.Data.Images;

/// <summary>The outcome of loading one image: planar RGB pixels (3×size×size), or why the file is bad.</summary>
public readonly record struct LoadResult(byte[]? Pixels, string? Problem)
{
    /// <summary>Whether the image loaded.</summary>
    public bool Ok => Pixels is not null;

    /// <summary>A loaded image.</summary>
    public static LoadResult Success(byte[] pixels) => new(pixels, null);

    /// <summary>A bad file, with the reason (see <see cref="ImageLoader"/> for the wording).</summary>
    public static LoadResult Failure(string problem) => new(null, problem);
}

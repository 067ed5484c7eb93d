namespace Pipeline.Data.Preprocess;

/// <summary>What <see cref="PreprocessRunner.Run"/> wrote: the report, the output folder and the file names in it.</summary>
public sealed record PreprocessResult(DataReport Report, string OutputDir, IReadOnlyList<string> Files, TimeSpan Elapsed)
{
    /// <summary>The bad files left out (empty unless on_bad_image is skip).</summary>
    public IReadOnlyList<BadImage> Skipped => Report.Skipped;
}

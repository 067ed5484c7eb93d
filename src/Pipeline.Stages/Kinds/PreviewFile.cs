namespace Pipeline.Stages.Kinds;

/// <summary>
/// <c>preview.json</c>, written by the Preview stage: the presets drawn, the PNG file of each in the same order (the
/// configured order of <c>preview.presets</c>), and the ids of the images in the grids. The first file is the one a
/// report features, so which preview the report shows is the experiment's choice, made by that order.
/// </summary>
public sealed record PreviewFile(IReadOnlyList<string> Presets, IReadOnlyList<string> Files, IReadOnlyList<string> Images)
{
    /// <summary>The file's name in its run's folder.</summary>
    public const string FileName = "preview.json";

    /// <summary>Writes the file into a run's output folder.</summary>
    public void Write(string directory) => StageJson.Write(Path.Combine(directory, FileName), this);

    /// <summary>The file of a Preview run's folder.</summary>
    public static PreviewFile Read(string directory) => StageJson.Read<PreviewFile>(Path.Combine(directory, FileName)) with { Directory = directory };

    /// <summary>The folder the file was read from (not written).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Directory { get; init; }

    /// <summary>The full path of the featured preview (the first preset's), or null when no preset was drawn.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? FeaturedPath => Files.Count > 0 && Directory is not null ? Path.Combine(Directory, Files[0]) : null;
}

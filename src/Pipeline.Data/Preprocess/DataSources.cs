using Pipeline.Data.Configuration;
using Pipeline.Data.Sources;
using Pipeline.Data.Synthetic;

namespace Pipeline.Data.Preprocess;

/// <summary>Picks the reader for <see cref="DataConfig.Source"/>.</summary>
public static class DataSources
{
    /// <summary>
    /// Reads the configured source. <paramref name="dataRoot"/> overrides the section's root/path; for
    /// <c>synthetic</c> it is required and names the folder <see cref="SyntheticGroceries.Generate"/> wrote.
    /// </summary>
    public static LabelledSource Read(DataConfig config, string? dataRoot)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Source switch
        {
            DataConfig.SyntheticSource => ReadSynthetic(config.Synthetic, dataRoot),
            DataConfig.CompetitionSource => CompetitionReader.Read(config.Competition, dataRoot),
            DataConfig.FoldersSource => FolderReader.Read(config.Folders, dataRoot),
            DataConfig.FashionMnistSource => FashionMnistReader.Read(config.FashionMnist, dataRoot),
            _ => throw new DataSourceException($"source: '{config.Source}' is not one of synthetic, competition, folders, fashion_mnist"),
        };
    }

    private static LabelledSource ReadSynthetic(SyntheticConfig synthetic, string? dataRoot)
    {
        if (dataRoot is null)
        {
            throw new ArgumentException("The synthetic source is read from the folder the generator wrote; pass it as dataRoot.", nameof(dataRoot));
        }
        // The generated set is in the competition layout; naming its classes makes a class the counts left empty an error.
        var source = CompetitionReader.Read(new CompetitionConfig { Labels = SyntheticGroceries.ClassNames(synthetic.Classes) }, dataRoot);
        return source with { Kind = DataConfig.SyntheticSource };
    }
}

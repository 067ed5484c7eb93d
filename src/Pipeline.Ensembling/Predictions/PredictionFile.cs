namespace Pipeline.Ensembling.Predictions;

/// <summary>Binary file of a <see cref="PredictionSet"/> (a JSON header, then float32 little-endian probabilities); written atomically.</summary>
public static class PredictionFile
{
    public static void Write(string path, PredictionSet set) => throw new NotImplementedException();

    public static PredictionSet Read(string path) => throw new NotImplementedException();
}

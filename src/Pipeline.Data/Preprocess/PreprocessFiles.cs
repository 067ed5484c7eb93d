namespace Pipeline.Data.Preprocess;

/// <summary>The files <see cref="PreprocessRunner"/> writes into a Preprocess run's folder, by name, for the stages that read them.</summary>
public static class PreprocessFiles
{
    /// <summary>The training split (see <c>Shard</c>).</summary>
    public const string TrainShard = "train.shard";

    /// <summary>The validation split.</summary>
    public const string ValidationShard = "val.shard";

    /// <summary>The test split (labels -1).</summary>
    public const string TestShard = "test.shard";

    /// <summary>The class names, in label order.</summary>
    public const string Classes = "classes.json";

    /// <summary>The test split's ground truth when the data has it (<see cref="TestLabelsFile"/>).</summary>
    public const string TestLabels = "test_labels.json";

    /// <summary>The <see cref="DataReport"/>.</summary>
    public const string DataReport = "data_report.json";

    /// <summary>A few training images of each class.</summary>
    public const string ContactSheet = "contact_sheet.png";
}

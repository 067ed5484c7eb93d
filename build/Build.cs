using Pipeline.Cli;

namespace Pipeline.Build;

/// <summary>
/// The build: each <see cref="Target"/> property is a target (NUKE style). Stage targets are cached pipeline
/// stages planned and run by the engine; the others are actions. Logic lives in src/, not here.
/// </summary>
internal sealed partial class Build : PipelineBuild
{
    public static int Main(string[] args) => BuildHost.Run(new Build(), args, Console.Out, Console.Error);

    private Target Preprocess => _ => _
        .Description("Read, check, convert, resize and split the data into shards; data report")
        .Stage();

    // One target per trained model of the experiment (pipeline.yaml's models): TrainInception, TrainResnet, ...
    private Target Train => _ => _
        .Description("Train a model through its phases")
        .DependsOn(Preprocess)
        .Instances()
        .Stage();

    // Absent when the experiment has no pseudolabel student.
    private Target Pseudolabel => _ => _
        .Description("Label confident test images with the models' ensemble; train a student (pseudolabel.yaml)")
        .DependsOn(Train)
        .Instances()
        .Stage();

    private Target Tta => _ => _
        .Description("Test-time augmented predictions, one run per model (tta.yaml)")
        .DependsOn(Pseudolabel)
        .Stage();

    private Target Ensemble => _ => _
        .Description("Combine members, write artifacts/submission.csv (ensemble.yaml); triggers Report")
        .DependsOn(Tta)
        .Triggers(Report)
        .Stage();

    private Target Preview => _ => _
        .Description("Augmentation preview grids (augmentations.yaml)")
        .DependsOn(Preprocess)
        .Stage();

    private Target Report => _ => _
        .Description("artifacts/report/index.html and metrics.json")
        .DependsOn(Ensemble, Preview)
        .Stage();
}

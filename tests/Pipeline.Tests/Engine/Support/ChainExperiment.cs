using System.Text.Json.Nodes;
using Pipeline.Engine;

namespace Pipeline.Tests.Engine.Support;

/// <summary>
/// A small experiment and the graph it resolves to, like the real pipeline's in miniature:
/// Prepare → Train → Report, an independent Extra, and All grouping them. Each run reads only some values of the
/// experiment; <see cref="Unused"/> is read by none.
/// </summary>
internal sealed record ChainExperiment
{
    public string PrepareText { get; init; } = "a";

    public double LearningRate { get; init; } = 0.001;

    public string TrainText { get; init; } = "b";

    public string ReportText { get; init; } = "c";

    public string ExtraText { get; init; } = "d";

    public string Unused { get; init; } = "x";

    public string TrainCode { get; init; } = "train-v1";

    public string? DataFile { get; init; }

    public static IReadOnlyList<TargetDefinition> Targets { get; } =
    [
        new("Prepare", "prepares data"),
        new("Train", "trains", ["Prepare"]),
        new("Report", "reports", ["Train"]),
        new("Extra", "independent"),
        new("All", "everything", ["Report", "Extra"]),
    ];

    public BuildGraph Graph() => new(Targets, Runs());

    public IReadOnlyList<StageRun> Runs() =>
    [
        new StageRun("Prepare", "Prepare", "write")
        {
            Parameters = new JsonObject { ["files"] = new JsonObject { ["a.txt"] = PrepareText }, ["copy_inputs"] = true },
            ParameterSources = new Dictionary<string, string> { ["files"] = "experiments/prepare.yaml" },
            Inputs = DataFile is null ? [] : [DataFile],
            Code = "write-v1",
        },
        new StageRun("Train", "Train/main", "write")
        {
            Parameters = new JsonObject
            {
                ["files"] = new JsonObject { ["b.txt"] = TrainText },
                ["concat_upstream"] = true,
                ["optimizer"] = new JsonObject { ["lr"] = LearningRate },
            },
            ParameterSources = new Dictionary<string, string> { [""] = "experiments/train.yaml" },
            Upstream = ["Prepare"],
            Code = TrainCode,
            Publish = [new PublishLink("models/train")],
        },
        new StageRun("Report", "Report", "write")
        {
            Parameters = new JsonObject
            {
                ["files"] = new JsonObject { ["c.txt"] = ReportText },
                ["concat_upstream"] = true,
                ["headline"] = new JsonObject { ["name"] = "val_accuracy", ["value"] = 0.83125 },
            },
            ParameterSources = new Dictionary<string, string> { [""] = "experiments/report.yaml" },
            Upstream = ["Train/main"],
            Code = "write-v1",
            Publish = [new PublishLink("report.txt", "upstream.txt")],
        },
        new StageRun("Extra", "Extra", "write")
        {
            Parameters = new JsonObject { ["files"] = new JsonObject { ["d.txt"] = ExtraText } },
            Code = "write-v1",
        },
    ];
}

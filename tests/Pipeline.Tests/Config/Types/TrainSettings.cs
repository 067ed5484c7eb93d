using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace Pipeline.Tests.Config;

public sealed record TrainSettings
{
    [Required]
    public string Name { get; init; } = "";

    [AllowedValues("resnet18", "resnet34", "inception_v3")]
    public string Arch { get; init; } = "resnet18";

    public int Seed { get; init; } = 42;

    public long MaxSteps { get; init; } = 1000;

    public float LabelSmoothing { get; init; } = 0.1f;

    public bool Mixup { get; init; }

    public int? TtaVersion { get; init; }

    public string? Comment { get; init; }

    public OptimizerKind? FallbackOptimizer { get; init; }

    public OptimizerSettings Optimizer { get; init; } = new() { Momentum = 0.8 };

    [MinLength(1)]
    public IReadOnlyList<PhaseSettings> Phases { get; init; } = [new PhaseSettings()];

    public List<int> Milestones { get; init; } = [];

    public string[] Tags { get; init; } = [];

    public IReadOnlyDictionary<string, double> ClassWeights { get; init; } = new Dictionary<string, double>();

    public Dictionary<string, string> Aliases { get; init; } = [];

    public IReadOnlyList<AugmentOp> Augment { get; init; } = [];

    public RangeSetting Brightness { get; init; } = new(0.8, 1.2);

    public SymmetricAngle Shear { get; init; } = new();

    public JsonNode? Extra { get; init; }
}

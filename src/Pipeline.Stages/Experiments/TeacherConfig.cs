using System.ComponentModel.DataAnnotations;

namespace Pipeline.Stages.Experiments;

/// <summary>The teacher of pseudolabeling: the mean probabilities of the trained models' last checkpoints on the test set.</summary>
public sealed record TeacherConfig
{
    [MinLength(1)]
    public IReadOnlyList<string> Models { get; init; } = ["inception", "resnet"];
}

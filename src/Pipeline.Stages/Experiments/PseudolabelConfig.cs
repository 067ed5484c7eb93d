using Pipeline.Ensembling.Pseudolabels;
using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Training.Configuration;

namespace Pipeline.Stages.Experiments;

/// <summary><c>pseudolabel.yaml</c>: the teacher, the selection rule, and the student (a model trained like the others).</summary>
public sealed record PseudolabelConfig
{
    public TeacherConfig Teacher { get; init; } = new();

    public PseudolabelRule Selection { get; init; } = new();

    public ModelConfig Model { get; init; } = new();

    public TrainConfig Training { get; init; } = new();
}

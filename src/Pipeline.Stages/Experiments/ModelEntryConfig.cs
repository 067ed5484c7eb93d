using System.ComponentModel.DataAnnotations;

namespace Pipeline.Stages.Experiments;

/// <summary>
/// One entry of <c>models:</c> in pipeline.yaml: a model the experiment trains. <c>role: train</c> trains on the
/// labelled images (target <c>Train&lt;Name&gt;</c>, e.g. <c>TrainInception2</c>); <c>role: student</c> is the
/// pseudolabel student (target <c>Pseudolabel</c>; its file also holds the teacher and the selection rule).
/// </summary>
public sealed record ModelEntryConfig
{
    public const string TrainRole = "train";
    public const string StudentRole = "student";

    /// <summary>The model's name in run ids, prediction files and ensemble members: lower-case letters, digits and '_'.</summary>
    [RegularExpression("^[a-z][a-z0-9_]*$", ErrorMessage = "a model name is lower-case letters, digits and '_', starting with a letter")]
    public string Name { get; init; } = "";

    /// <summary>The model's YAML file in the experiment folder (<c>model:</c> and <c>training:</c>).</summary>
    [RegularExpression("^[A-Za-z0-9_.-]+\\.yaml$", ErrorMessage = "a model file is a .yaml file name in the experiment folder")]
    public string File { get; init; } = "";

    [AllowedValues(TrainRole, StudentRole)]
    public string Role { get; init; } = TrainRole;
}

using Pipeline.Config;

namespace Pipeline.Stages.Experiments;

/// <summary><c>pipeline.yaml</c>: the experiment's name, the models it trains, how stage processes run, and the remote cache.</summary>
public sealed record PipelineConfig : IValidatableConfig
{
    /// <summary>The models of an experiment that does not list them: the two trained models and the pseudolabel student.</summary>
    public static readonly IReadOnlyList<ModelEntryConfig> DefaultModels =
    [
        new() { Name = ModelNames.Inception, File = "inception.yaml", Role = ModelEntryConfig.TrainRole },
        new() { Name = ModelNames.Resnet, File = "resnet.yaml", Role = ModelEntryConfig.TrainRole },
        new() { Name = ModelNames.Student, File = "pseudolabel.yaml", Role = ModelEntryConfig.StudentRole },
    ];

    /// <summary>Files every experiment has besides its models' files; a model may not use one of these names.</summary>
    public static readonly IReadOnlyList<string> FixedFiles = ["pipeline.yaml", "data.yaml", "augmentations.yaml", "tta.yaml", "ensemble.yaml"];

    public string Name { get; init; } = "default";

    public string Description { get; init; } = "";

    /// <summary>The trained models, in the order targets, Tta runs and learning curves list them; without a student there is no Pseudolabel step.</summary>
    public IReadOnlyList<ModelEntryConfig> Models { get; init; } = DefaultModels;

    public RuntimeConfig Runtime { get; init; } = new();

    /// <summary>The shared remote cache, if any (see <see cref="RemoteConfig"/>).</summary>
    public RemoteConfig Remote { get; init; } = new();

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!Models.Any(m => m.Role == ModelEntryConfig.TrainRole))
        {
            yield return ("models", "list at least one model with role 'train'");
        }

        if (Models.Count(m => m.Role == ModelEntryConfig.StudentRole) > 1)
        {
            yield return ("models", "at most one model has role 'student' (the pseudolabel student)");
        }

        foreach (var name in Models.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return ("models", $"the model name '{name}' is used twice");
        }

        foreach (var file in Models.GroupBy(m => m.File, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return ("models", $"the file '{file}' is named by two models");
        }

        foreach (var model in Models.Where(m => FixedFiles.Contains(m.File, StringComparer.Ordinal)))
        {
            yield return ("models", $"model '{model.Name}' names '{model.File}', which is the experiment's own file; give the model its own file");
        }

        foreach (var group in Models.GroupBy(m => ModelNames.TargetName(m.Name), StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return ("models", $"the models {string.Join(" and ", group.Select(m => $"'{m.Name}'"))} would both be target Train{group.Key}");
        }
    }
}

using System.Text.Json.Nodes;
using Pipeline.Augmentation;
using Pipeline.Augmentation.Specs;
using Pipeline.Config;
using Pipeline.Engine;
using Pipeline.Models.Configuration;
using Pipeline.Stages.Graph;

namespace Pipeline.Stages.Kinds;

/// <summary>
/// Binds a stage's parameters (the JSON the engine hashed into its key) back to configuration records,
/// so a stage reads exactly what its key covers and never the experiment files themselves.
/// </summary>
internal sealed class StageParameters
{
    private readonly StageContext _context;

    public StageParameters(StageContext context) => _context = context;

    /// <summary>The run's model name (<c>resnet</c>, <c>inception</c>, <c>student</c>).</summary>
    public string Name => _context.Parameters[AddedParameters.Name]?.GetValue<string>() ?? throw Missing(AddedParameters.Name);

    public T Section<T>(string key) =>
        _context.Parameters[key] is { } node
            ? ConfigBinder.Parse<T>(node.ToJsonString(), $"<{_context.RunId} parameters>.{key}")
            : throw Missing(key);

    /// <summary>
    /// The model section and the folder its pretrained weights are in. A weights file that is the run's input is
    /// named by its file name in the folder the engine found it in, so what the stage writes (model.json) holds
    /// no machine path; otherwise the folder of the offline ImageNet weights next to the program.
    /// </summary>
    public (Pipeline.Models.Configuration.ModelConfig Config, string PretrainedDirectory) Model()
    {
        var model = Section<Pipeline.Models.Configuration.ModelConfig>("model");
        if (model.Pretrained != PipelineGraph.PretrainedInput)
        {
            return (model, DefaultPretrainedDirectory);
        }

        var file = _context.Inputs.Values.Single();
        return (model with { Pretrained = Path.GetFileName(file) }, Path.GetDirectoryName(file)!);
    }

    /// <summary>Where the offline ImageNet weights are copied at build time.</summary>
    public static string DefaultPretrainedDirectory => Path.Combine(AppContext.BaseDirectory, "pretrained");

    /// <summary>The record that was spread over the top level, without the keys the pipeline added.</summary>
    public T Record<T>()
    {
        var copy = new JsonObject();
        foreach (var (key, value) in _context.Parameters)
        {
            if (!AddedParameters.All.Contains(key))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return ConfigBinder.Parse<T>(copy.ToJsonString(), $"<{_context.RunId} parameters>");
    }

    /// <summary>The built-in presets overlaid with the definitions this run's key covers.</summary>
    public AugmentationPresets Presets() =>
        _context.Parameters[AddedParameters.Presets] is { } node
            ? AugmentationPresets.BuiltIn.With(ConfigBinder.Parse<Dictionary<string, IReadOnlyList<AugmentationSpec>>>(node.ToJsonString(), $"<{_context.RunId} parameters>.presets"))
            : AugmentationPresets.BuiltIn;

    private InvalidOperationException Missing(string key) => new($"{_context.RunId}: parameter '{key}' is missing from the stage spec");
}

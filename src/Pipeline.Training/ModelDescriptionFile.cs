using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Config;
using Pipeline.Models;
using Pipeline.Models.Configuration;

namespace Pipeline.Training;

/// <summary>
/// <c>model.json</c>, written by <see cref="TrainRunner"/> into a training run's folder: the resolved model
/// configuration the checkpoints were trained with, and the class names in label order. Stages that load the
/// checkpoints (Tta, the Pseudolabel teacher) read the configuration from here.
/// </summary>
public sealed record ModelDescriptionFile(ModelConfig Model, IReadOnlyList<string> Classes)
{
    public const string FileName = "model.json";

    /// <summary>The file's text as written (snake_case keys, indented).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TrainingJson.Indented);

    /// <summary>
    /// The file of a training run's folder. The model configuration is bound like the YAML it came from, so a file
    /// that no longer binds is an error naming it and the key.
    /// </summary>
    public static ModelDescriptionFile Read(string trainDirectory)
    {
        var path = Path.Combine(trainDirectory, FileName);
        var description = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path} is empty or not an object");
        var model = description["model"] ?? throw new InvalidDataException($"{path}: no 'model'");
        var classes = description["classes"] as JsonArray ?? throw new InvalidDataException($"{path}: no 'classes' list");
        return new ModelDescriptionFile(
            ConfigBinder.Parse<ModelConfig>(model.ToJsonString(), path),
            classes.Select(c => c?.GetValue<string>() ?? throw new InvalidDataException($"{path}: a class name is null")).ToList());
    }
}

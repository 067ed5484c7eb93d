using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Pipeline.Config;

namespace Pipeline.Ensembling.Configuration;

/// <summary>
/// One line of the <c>members:</c> list: the prediction sets it selects are every (model, checkpoint,
/// TTA version) whose model and checkpoint match the glob patterns (<c>*</c>, <c>?</c>, <c>[1-6]</c>)
/// and whose TTA version is listed. YAML: <c>{model: inception, checkpoint: "cp1[1-6]", tta: [0, 1], weight: 1}</c>.
/// </summary>
public sealed record EnsembleMemberConfig : IValidatableConfig
{
    /// <summary>Model name or glob pattern.</summary>
    [MinLength(1)]
    public string Model { get; init; } = "*";

    /// <summary>Checkpoint name or glob pattern, such as <c>cp19</c>, <c>*_e*</c> or <c>cp1[1-6]</c>.</summary>
    [MinLength(1)]
    public string Checkpoint { get; init; } = "*";

    /// <summary>TTA versions: integers, or <c>*</c> for every version available (the plain, un-augmented predictions included).</summary>
    [MinLength(1)]
    public IReadOnlyList<string> Tta { get; init; } = ["*"];

    /// <summary>Vote or probability weight of each prediction set this line selects.</summary>
    public double Weight { get; init; } = 1.0;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!(Weight > 0) || double.IsInfinity(Weight))
            yield return ("weight", $"must be a positive number, not {Weight.ToString(CultureInfo.InvariantCulture)}");
        foreach (var tta in Tta)
        {
            if (tta != "*" && !int.TryParse(tta, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                yield return ("tta", $"'{tta}' is neither a TTA version number nor '*'");
        }
        if (!GlobPattern.IsValid(Model, out var modelError))
            yield return ("model", modelError);
        if (!GlobPattern.IsValid(Checkpoint, out var checkpointError))
            yield return ("checkpoint", checkpointError);
    }

    /// <summary>A short description for messages: <c>model 'inception', checkpoint 'cp1[1-6]', tta [0, 1]</c>.</summary>
    public string Describe() => $"model '{Model}', checkpoint '{Checkpoint}', tta [{string.Join(", ", Tta)}]";
}

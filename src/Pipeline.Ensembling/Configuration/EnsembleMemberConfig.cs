using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Config;

namespace Pipeline.Ensembling.Configuration;

/// <summary>
/// One line of the <c>members:</c> list: the prediction sets it selects are every (model, checkpoint,
/// TTA version) whose model and checkpoint match the glob patterns (<c>*</c>, <c>?</c>, <c>[1-6]</c>)
/// and whose TTA version is listed. YAML: <c>{model: inception, checkpoint: "cp1[1-6]", tta: [0, 1], weight: 1}</c>;
/// quote patterns that start with <c>*</c>, which YAML would read as an alias.
/// </summary>
public sealed record EnsembleMemberConfig : IValidatableConfig
{
    /// <summary>Model name or glob pattern.</summary>
    [MinLength(1)]
    public string Model { get; init; } = "*";

    /// <summary>Checkpoint name or glob pattern, such as <c>cp19</c>, <c>"*_e*"</c> or <c>cp1[1-6]</c>.</summary>
    [MinLength(1)]
    public string Checkpoint { get; init; } = "*";

    /// <summary>
    /// TTA versions: one integer (<c>tta: 1</c>), a list (<c>tta: [0, 1]</c>), or <c>"*"</c> for every
    /// version available, the plain predictions (version -1) included. Kept as the YAML's JSON form
    /// because it is one of three shapes; read it with <see cref="TtaSelection"/>.
    /// </summary>
    public JsonNode Tta { get; init; } = JsonValue.Create("*");

    /// <summary>Vote or probability weight of each prediction set this line selects.</summary>
    public double Weight { get; init; } = 1.0;

    /// <summary>Reads <see cref="Tta"/>: whether any version goes, and the versions listed.</summary>
    /// <exception cref="FormatException">The value is not an integer, <c>"*"</c>, or a list of those.</exception>
    public (bool Any, IReadOnlySet<int> Versions) TtaSelection()
    {
        var any = false;
        var versions = new SortedSet<int>();
        var items = Tta is JsonArray array ? array.ToList() : [Tta];
        if (items.Count == 0)
        {
            throw new FormatException("tta lists no version; write a version, a list of versions, or \"*\"");
        }

        foreach (var item in items)
        {
            if (item is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == "*")
            {
                any = true;
            }
            else if (item is JsonValue number && number.GetValueKind() == JsonValueKind.Number
                // The value may wrap any numeric CLR type (the YAML binder's choice), so read it from its JSON text.
                && int.TryParse(number.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version))
            {
                versions.Add(version);
            }
            else if (item is JsonValue text && text.GetValueKind() == JsonValueKind.String
                && int.TryParse(text.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quoted))
            {
                versions.Add(quoted);
            }
            else
            {
                throw new FormatException($"tta value {item?.ToJsonString() ?? "null"} is neither a TTA version number nor \"*\"");
            }
        }
        return (any, versions);
    }

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!(Weight > 0) || double.IsInfinity(Weight))
        {
            yield return ("weight", $"must be a positive number, not {Weight.ToString(CultureInfo.InvariantCulture)}");
        }

        string? ttaError = null;
        try
        {
            _ = TtaSelection();
        }
        catch (FormatException e)
        {
            ttaError = e.Message;
        }
        if (ttaError is not null)
        {
            yield return ("tta", ttaError);
        }

        if (!GlobPattern.IsValid(Model, out var modelError))
        {
            yield return ("model", modelError);
        }

        if (!GlobPattern.IsValid(Checkpoint, out var checkpointError))
        {
            yield return ("checkpoint", checkpointError);
        }
    }

    /// <summary>A short description for messages: <c>model 'inception', checkpoint 'cp1[1-6]', tta [0,1]</c>.</summary>
    public string Describe() => $"model '{Model}', checkpoint '{Checkpoint}', tta {Tta.ToJsonString()}";
}

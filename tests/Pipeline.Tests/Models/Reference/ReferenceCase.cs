using System.Text.Json;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models.Reference;

/// <summary>One reference file of <c>Data/</c>: the reference network's state-dict keys and shapes, parameter count and outputs.</summary>
public sealed record ReferenceCase(
    string Model,
    int InputSize,
    long Parameters,
    IReadOnlyList<(string Key, long[] Shape)> StateDict,
    double[,] Features,
    double[,] Logits,
    string Formula)
{
    public static string DataFolder => Path.Combine(BuildProcess.RepositoryRoot, "tests", "Pipeline.Tests", "Models", "Reference", "Data");

    /// <summary>Reads <c>Data/&lt;file&gt;</c>.</summary>
    public static ReferenceCase Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataFolder, file)));
        var root = document.RootElement;
        var stateDict = root.GetProperty("state_dict").EnumerateArray()
            .Select(e => (e.GetProperty("key").GetString()!, e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray()))
            .ToList();
        return new ReferenceCase(
            root.GetProperty("model").GetString()!,
            root.GetProperty("input_size").GetInt32(),
            root.GetProperty("parameters").GetInt64(),
            stateDict,
            Matrix(root.GetProperty("features")),
            Matrix(root.GetProperty("logits")),
            root.GetProperty("formula").GetString()!);
    }

    /// <summary>The module prefixes whose tensors are batch norm (a module with a running mean), for <see cref="FormulaWeights"/>.</summary>
    public IReadOnlySet<string> BatchNormModules =>
        StateDict.Where(e => e.Key.EndsWith(".running_mean", StringComparison.Ordinal)).Select(e => e.Key[..^".running_mean".Length]).ToHashSet();

    private static double[,] Matrix(JsonElement rows)
    {
        var list = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        var result = new double[list.Count, list[0].Length];
        for (var i = 0; i < list.Count; i++)
        {
            for (var j = 0; j < list[i].Length; j++)
            {
                result[i, j] = list[i][j];
            }
        }
        return result;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Foundation;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>One run recorded in <c>pipeline.lock.json</c>.</summary>
public sealed record LockFileRun(
    string RunId,
    string Target,
    string Kind,
    string Key,
    string Output,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> ParameterSources);

/// <summary><c>&lt;artifacts&gt;/pipeline.lock.json</c>, read independently of the engine's own types (parameters flattened as a plan names them).</summary>
public sealed class LockFile
{
    private LockFile(IReadOnlyDictionary<string, LockFileRun> runs) => Runs = runs;

    /// <summary>Runs by run id (<c>Tta/resnet</c>, <c>Preprocess/synthesize</c>, ...), ordinal order.</summary>
    public IReadOnlyDictionary<string, LockFileRun> Runs { get; }

    public LockFileRun this[string runId] =>
        Runs.TryGetValue(runId, out var run) ? run : throw new KeyNotFoundException($"the lock file has no run '{runId}'; it has {string.Join(", ", Runs.Keys)}");

    public static LockFile Read(TinyExperiment experiment) => Read(experiment.ArtifactPath("pipeline.lock.json"));

    public static LockFile Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var runs = new SortedDictionary<string, LockFileRun>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.GetProperty("runs").EnumerateObject())
        {
            var run = property.Value;
            runs[property.Name] = new LockFileRun(
                property.Name,
                run.GetProperty("target").GetString()!,
                run.GetProperty("kind").GetString()!,
                run.GetProperty("key").GetString()!,
                run.GetProperty("output").GetString()!,
                JsonFlattener.Flatten(JsonNode.Parse(run.GetProperty("parameters").GetRawText())!.AsObject()),
                Strings(run.GetProperty("parameterSources")));
        }

        return new LockFile(runs);
    }

    private static SortedDictionary<string, string> Strings(JsonElement element)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = property.Value.GetString()!;
        }

        return map;
    }
}

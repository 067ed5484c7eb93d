using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Pipeline.Foundation;

namespace Pipeline.Engine;

/// <summary>
/// One run's record in <c>pipeline.lock.json</c>, and the thing its key is the hash of: as DVC hashes its lock entry
/// minus the outputs, <see cref="Key"/> is the hash of this record's canonical JSON without the properties marked
/// <see cref="NotKeyedAttribute"/>. What is recorded and what is keyed are one object, so they cannot drift apart.
/// The key material is <c>{code, inputs, kind, parameters, upstream}</c>.
/// </summary>
public sealed record LockedRun
{
    private static readonly HashSet<string> NotKeyedNames = typeof(LockedRun).GetProperties()
        .Where(p => p.IsDefined(typeof(NotKeyedAttribute)))
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
        .ToHashSet(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions KeyOptions = new(EngineJsonContext.Files.Options)
    {
        TypeInfoResolver = EngineJsonContext.Files.WithAddedModifier(typeInfo =>
        {
            if (typeInfo.Type != typeof(LockedRun))
            {
                return;
            }

            foreach (var property in typeInfo.Properties.Where(p => NotKeyedNames.Contains(p.Name)).ToList())
            {
                typeInfo.Properties.Remove(property);
            }
        }),
    };

    /// <summary>The stage kind.</summary>
    public required string Kind { get; init; }

    /// <summary>The resolved parameters the run reads, nested as in its <see cref="StageRun.Parameters"/>.</summary>
    public required JsonObject Parameters { get; init; }

    /// <summary>The output content hash of each upstream run, by run id.</summary>
    public SortedDictionary<string, string> Upstream { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Data inputs by the name they enter the key under (path relative to the input root), with content hashes.</summary>
    public SortedDictionary<string, string> Inputs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The code identity.</summary>
    public required string Code { get; init; }

    /// <summary>The run's target.</summary>
    [NotKeyed]
    public required string Target { get; init; }

    /// <summary>The run id.</summary>
    [NotKeyed]
    public required string RunId { get; init; }

    /// <summary>The key: hash of <see cref="KeyMaterial"/>. Written to the file for readers; recomputed, never read back.</summary>
    [NotKeyed]
    [System.Text.Json.Serialization.JsonInclude]
    public string Key
    {
        get => ContentHasher.HashString(KeyMaterial());

        // Reading a lock file discards the key it carries: a record's key is always the hash of the record.
        internal init
        {
        }
    }

    /// <summary>Source file of each flattened parameter that has one (explains a plan).</summary>
    [NotKeyed]
    public SortedDictionary<string, string> ParameterSources { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Each upstream run's target and key, by run id.</summary>
    [NotKeyed]
    public SortedDictionary<string, LockedUpstream> UpstreamRuns { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The content hash of the output manifest; null until the run has completed.</summary>
    [NotKeyed]
    public string? Output { get; init; }

    /// <summary>
    /// The record of <paramref name="run"/> with the given upstream outputs and input hashes, before it has an
    /// output. Parameter sources are kept for each flattened parameter path that has one.
    /// </summary>
    internal static LockedRun Of(
        StageRun run, IReadOnlyDictionary<string, UpstreamOutput?> upstream, IReadOnlyDictionary<string, string> inputHashes)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(inputHashes);
        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in JsonFlattener.Flatten(run.Parameters).Keys)
        {
            if (JsonFlattener.ForPathOrParent(run.ParameterSources, path) is { } source)
            {
                sources[path] = source;
            }
        }

        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var runs = new SortedDictionary<string, LockedUpstream>(StringComparer.Ordinal);
        foreach (var runId in run.Upstream)
        {
            var output = upstream[runId] ?? throw new InvalidOperationException($"{run.RunId}: upstream {runId} has no output yet");
            hashes[runId] = output.ContentHash;
            runs[runId] = new LockedUpstream { Target = output.Target, Key = output.Key };
        }

        return new LockedRun
        {
            Kind = run.Kind,
            Parameters = (JsonObject)run.Parameters.DeepClone(),
            Upstream = hashes,
            Inputs = new SortedDictionary<string, string>(inputHashes.ToDictionary(), StringComparer.Ordinal),
            Code = run.Code,
            Target = run.Target,
            RunId = run.RunId,
            ParameterSources = sources,
            UpstreamRuns = runs,
        };
    }

    /// <summary>The canonical JSON the key hashes: this record without its <see cref="NotKeyedAttribute"/> properties.</summary>
    public string KeyMaterial() =>
        CanonicalJson.Serialize(JsonSerializer.SerializeToNode(this, (JsonTypeInfo<LockedRun>)KeyOptions.GetTypeInfo(typeof(LockedRun))));
}

namespace Pipeline.Engine;

/// <summary>Stage implementations by kind, as the stage process knows them.</summary>
public sealed class StageRegistry
{
    private readonly Dictionary<string, IStage> _stages = new(StringComparer.Ordinal);

    /// <summary>Registers a stage; a kind can be registered once.</summary>
    public StageRegistry Add(string kind, IStage stage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(stage);
        if (!_stages.TryAdd(kind, stage))
        {
            throw new ArgumentException($"Stage kind '{kind}' is registered twice.", nameof(kind));
        }

        return this;
    }

    /// <summary>Registers a stage given as a function.</summary>
    public StageRegistry Add(string kind, Func<StageContext, Task> run) => Add(kind, new DelegateStage(run));

    /// <summary>The registered kinds, sorted.</summary>
    public IReadOnlyList<string> Kinds => _stages.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The stage of a kind, if registered.</summary>
    public bool TryGet(string kind, out IStage stage) => _stages.TryGetValue(kind, out stage!);
}

using Pipeline.Data.Shards;

namespace Pipeline.Training.Data;

/// <summary>
/// Images taken from another shard with labels that override the shard's own (the pseudolabel
/// student trains on test images labelled by its teacher): image <c>Indices[i]</c> of
/// <see cref="Source"/> trains with class <c>Labels[i]</c>.
/// </summary>
public sealed record ExtraSamples(Shard Source, IReadOnlyList<int> Indices, IReadOnlyList<int> Labels);

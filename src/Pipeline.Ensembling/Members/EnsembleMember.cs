using Pipeline.Ensembling.Predictions;

namespace Pipeline.Ensembling.Members;

/// <summary>One resolved member: a concrete (model, checkpoint, TTA version) triplet and its weight; <see cref="Source"/> is the index of the <c>members:</c> line that selected it.</summary>
public sealed record EnsembleMember(string Model, string Checkpoint, int TtaVersion, double Weight, int Source)
{
    /// <summary><c>model/checkpoint/tta1</c>.</summary>
    public string Name => $"{Model}/{Checkpoint}/{PredictionSetExtensions.TtaName(TtaVersion)}";

    /// <summary>Whether <paramref name="set"/> holds this member's predictions.</summary>
    public bool Matches(PredictionSet set) =>
        set.Model == Model && set.Checkpoint == Checkpoint && set.TtaVersion == TtaVersion;
}

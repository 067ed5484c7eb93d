namespace Pipeline.Inference;

/// <summary>Progress of a Tta run: <paramref name="Done"/> of <paramref name="Total"/> prediction files written, the last one named, at what speed.</summary>
public sealed record TtaStep(int Done, int Total, string? Last, double? ImagesPerSecond);

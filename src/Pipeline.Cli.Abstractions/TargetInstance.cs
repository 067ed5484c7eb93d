namespace Pipeline.Cli;

/// <summary>One target a template target stands for in an experiment: <c>TrainInception2</c> for the model <c>inception2</c>.</summary>
public sealed record TargetInstance(string Name, string Description);

namespace Pipeline.Stages.Experiments;

/// <summary>A model the experiment trains on the labelled images (<c>role: train</c>), with its file's configuration.</summary>
public sealed record ExperimentModel(string Name, string File, ModelTrainingConfig Config)
{
    /// <summary>Its training target and run id: <c>Train</c> and the name in target spelling (<c>TrainInception2</c>).</summary>
    public string Target => Graph.PipelineGraph.TrainRunOf(Name);
}

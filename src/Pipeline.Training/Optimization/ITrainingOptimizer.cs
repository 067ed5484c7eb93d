namespace Pipeline.Training.Optimization;

/// <summary>
/// The optimizer as the trainer uses it: clear the gradients, update the weights, change the learning
/// rate (the schedule is ours, a pure function of the step), and save or restore its state for a resume.
/// </summary>
public interface ITrainingOptimizer : IDisposable
{
    /// <summary>The learning rate the next <see cref="Step"/> uses.</summary>
    double LearningRate { get; set; }

    /// <summary>Sets every gradient to zero (the next backward pass accumulates into them).</summary>
    void ZeroGrad();

    /// <summary>Updates the weights from the gradients of the last backward pass.</summary>
    void Step();

    /// <summary>Writes the optimizer's state (step count, moment buffers) for a resume.</summary>
    void Save(BinaryWriter writer);

    /// <summary>Restores state written by <see cref="Save"/> for the same parameters; a mismatch throws <see cref="InvalidDataException"/>.</summary>
    void Load(BinaryReader reader);
}

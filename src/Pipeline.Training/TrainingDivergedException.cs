namespace Pipeline.Training;

/// <summary>The training loss became NaN or infinite; the message names the phase, epoch, step and learning rate.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string message)
        : base(message)
    {
    }
}

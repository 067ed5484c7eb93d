using Pipeline.Augmentation;
using Pipeline.Foundation;
using Pipeline.Training.Metrics;
using Pipeline.Training.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Training;

/// <summary>
/// How a run is executed, as opposed to what it computes (<see cref="Config.TrainConfig"/>): device,
/// where offline weights live, where progress goes, how augmentation presets resolve. None of these
/// change the weights, except that results depend on the torch thread count, which the caller sets
/// (<c>torch.set_num_threads</c>) before the run.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>Resolves a phase's <c>augment</c> preset name to an augmenter (the stage wires the preset registry and the experiment's own presets).</summary>
    public required Func<string, IAugmenter> Augmenters { get; init; }

    public Device Device { get; init; } = torch.CPU;

    /// <summary>Folder with the offline pretrained weights (the build output's <c>pretrained/</c>).</summary>
    public string PretrainedDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "pretrained");

    /// <summary>Plain progress lines and messages go here when the console is not interactive.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>true: Spectre.Console progress bar; false: plain lines to <see cref="Log"/>; null: a bar only when stdout is a terminal.</summary>
    public bool? Interactive { get; init; }

    /// <summary>Batches prepared ahead on a background thread (0: none). Does not change results.</summary>
    public int PrefetchDepth { get; init; } = 2;

    /// <summary>
    /// Cores the run may keep busy: torch's threads plus, where that leaves some, a thread preparing batches ahead
    /// (<see cref="Data.EpochBatches"/>). The stage passes what the scheduler gave it; alone, every core. Does not change results.
    /// </summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>Writes every output file atomically; tests inject faults through it.</summary>
    public AtomicFileWriter FileWriter { get; init; } = AtomicFileWriter.Default;

    /// <summary>Called after each epoch's files (checkpoints, metrics, resume state) are safely written.</summary>
    public Action<EpochMetrics>? EpochCompleted { get; init; }

    /// <summary>Also told of every epoch and step besides the console display (the stage's structured progress channel).</summary>
    public ITrainingProgress? Observer { get; init; }

    /// <summary>Stops the run at the next step; the state of the last finished epoch stays, so a later run resumes from it.</summary>
    public CancellationToken Cancellation { get; init; }

    internal bool UseProgressBar => Interactive ?? !Console.IsOutputRedirected;
}

using Pipeline.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Inference;

/// <summary>How TTA runs (device, weights folder, preset resolution, log); none of it changes the probabilities except the torch thread count, set by the caller.</summary>
public sealed record TtaOptions
{
    /// <summary>Resolves a preset name to an augmenter.</summary>
    public required Func<string, IAugmenter> Augmenters { get; init; }

    public Device Device { get; init; } = torch.CPU;

    /// <summary>Folder with the offline pretrained weights; the model is built exactly as in training before a checkpoint is loaded into it.</summary>
    public string PretrainedDirectory { get; init; } = System.IO.Path.Combine(AppContext.BaseDirectory, "pretrained");

    public TextWriter Log { get; init; } = TextWriter.Null;

    public CancellationToken Cancellation { get; init; }

    /// <summary>Told before the first prediction file and after each one (the stage's structured progress channel).</summary>
    public Action<TtaStep>? Progress { get; init; }
}

using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Training.Configuration;

/// <summary>
/// Mixes pairs of training images within a batch (<c>mix:</c> of a phase). <c>mixup</c> blends two whole images,
/// λ·a + (1-λ)·b; <c>cutmix</c> pastes a box of image b into image a, covering a fraction 1-λ of it. λ is drawn
/// from Beta(alpha, alpha) once per batch and the loss weighs the two images' labels by λ and 1-λ. Each batch is
/// mixed with probability <c>p</c>; the draws depend on the run seed, the epoch and the batch only, so a resumed
/// epoch mixes what the uninterrupted one mixed.
/// </summary>
public sealed record MixConfig : IValidatableConfig
{
    [AllowedValues("mixup", "cutmix")]
    public string Kind { get; init; } = "mixup";

    /// <summary>Both parameters of the Beta distribution λ is drawn from: small values keep most batches close to one image.</summary>
    public double Alpha { get; init; } = 0.2;

    /// <summary>The share of batches that are mixed; the others train on plain images.</summary>
    [Range(0.0, 1.0)]
    public double P { get; init; } = 1.0;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!(Alpha > 0) || double.IsInfinity(Alpha))
        {
            yield return ("alpha", $"alpha must be a positive number (the Beta distribution's parameter), not {Alpha}");
        }
    }
}

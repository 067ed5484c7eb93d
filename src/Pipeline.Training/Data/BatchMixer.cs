using MathNet.Numerics.Distributions;
using Pipeline.Foundation;
using Pipeline.Runtime;
using Pipeline.Training.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Training.Data;

/// <summary>A mixed batch: the images, each image's partner label and the weight λ of the images' own labels.</summary>
public sealed record MixedBatch(Tensor Images, Tensor PartnerLabels, double Lambda);

/// <summary>
/// Mixup and CutMix of one training batch (<see cref="MixConfig"/>). The draws (whether to mix, λ, the partners, the
/// box) come from a generator seeded by the run seed, the epoch and the batch index, and from nothing else.
/// </summary>
public static class BatchMixer
{
    /// <summary>
    /// Mixes <paramref name="images"/> (N×C×H×W) with a permutation of themselves, or returns null when this batch
    /// is not mixed (probability 1-p, or a batch of one image). The returned tensors belong to the caller's dispose scope.
    /// </summary>
    public static MixedBatch? Mix(MixConfig config, Tensor images, Tensor labels, long seed, int epoch, int batchIndex)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        int n = (int)images.shape[0];
        var state = SplitMix64.Derive(seed, epoch, batchIndex, -6);
        // System.Random with a seed has a fixed sequence across .NET versions; MathNet draws Beta from it.
        var random = new Random((int)(SplitMix64.Next(ref state) & 0x7FFFFFFF));
        if (n < 2 || !(random.NextDouble() < config.P))
        {
            return null;
        }

        double lambda = Beta.Sample(random, config.Alpha, config.Alpha);
        var partners = SplitMix64.Permutation(n, SplitMix64.Next(ref state));
        using var index = torch.tensor(partners.Select(i => (long)i).ToArray(), device: images.device);
        var shuffled = images.index_select(0, index);
        var partnerLabels = labels.index_select(0, index);
        if (config.Kind == "mixup")
        {
            // Scalars made and disposed here: one left to the garbage collector can be freed during the native call.
            using var ownWeight = lambda.ToScalar();
            using var partnerWeight = (1 - lambda).ToScalar();
            return new MixedBatch(images.mul(ownWeight).add(shuffled.mul(partnerWeight), ScalarConstants.One), partnerLabels, lambda);
        }

        // CutMix: a box of the partner's pixels with sides sqrt(1-λ) of the image's, centred uniformly and clipped at the
        // border; λ becomes the share of the image's own pixels that is left.
        int height = (int)images.shape[2], width = (int)images.shape[3];
        double side = Math.Sqrt(1 - lambda);
        int boxHeight = (int)Math.Round(height * side), boxWidth = (int)Math.Round(width * side);
        int centreY = random.Next(height), centreX = random.Next(width);
        int top = Math.Clamp(centreY - (boxHeight / 2), 0, height), bottom = Math.Clamp(centreY - (boxHeight / 2) + boxHeight, 0, height);
        int left = Math.Clamp(centreX - (boxWidth / 2), 0, width), right = Math.Clamp(centreX - (boxWidth / 2) + boxWidth, 0, width);
        var mixed = images.clone();
        if (bottom > top && right > left)
        {
            var rows = TensorIndex.Slice(top, bottom);
            var columns = TensorIndex.Slice(left, right);
            mixed[TensorIndex.Ellipsis, rows, columns] = shuffled[TensorIndex.Ellipsis, rows, columns];
        }

        double own = 1 - ((double)(bottom - top) * (right - left) / (height * width));
        return new MixedBatch(mixed, partnerLabels, own);
    }
}

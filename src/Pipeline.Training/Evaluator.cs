using Pipeline.Data.Shards;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Training;

/// <summary>Validation: mean cross-entropy (no smoothing) and accuracy of a model on a labelled shard, without augmentation, in eval mode under no_grad.</summary>
public static class Evaluator
{
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, Shard shard, int batchSize, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shard);
        if (shard.Count == 0)
        {
            throw new InvalidDataException($"{shard.FilePath}: the validation shard has no images");
        }

        if (shard.Labels.Any(l => l < 0))
        {
            throw new InvalidDataException($"{shard.FilePath}: validation images need labels");
        }

        model.eval();
        double lossSum = 0;
        long correct = 0;
        var buffer = Array.Empty<byte>();
        using var noGrad = torch.no_grad();
        for (int start = 0; start < shard.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, shard.Count - start);
            var indices = Enumerable.Range(start, n).ToArray();
            if (buffer.Length != n * shard.ImageBytes)
            {
                buffer = new byte[n * shard.ImageBytes];
            }

            shard.CopyImages(indices, buffer);
            using var scope = torch.NewDisposeScope();
            var images = torch.tensor(buffer, [n, shard.Channels, shard.Height, shard.Width]).to_type(ScalarType.Float32).div_(ScalarConstants.Float255).to(device);
            var labels = torch.tensor(indices.Select(i => (long)shard.Labels[i]).ToArray()).to(device);
            var logits = model.call(images);
            lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(labels).sum().item<long>();
        }
        return (lossSum / shard.Count, (double)correct / shard.Count);
    }
}

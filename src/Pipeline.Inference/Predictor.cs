using Pipeline.Data.Shards;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Inference;

/// <summary>
/// Class probabilities of a model on a shard, batched, in eval mode under no_grad: the plain
/// prediction (used by TTA's version -1 and by the pseudolabel teacher), or the mean softmax over
/// the views of an <see cref="IViewMaker"/>, all views of a batch in one forward pass.
/// </summary>
public static class Predictor
{
    /// <summary>Softmax probabilities, row-major shard.Count × classes, in shard order.</summary>
    public static float[] Predict(nn.Module<Tensor, Tensor> model, Shard shard, int batchSize, Device device, CancellationToken cancellation = default)
        => Predict(model, shard, batchSize, device, PlainViews.Instance, cancellation);

    /// <summary>Mean softmax over the views of each image, row-major shard.Count × classes, in shard order.</summary>
    public static float[] Predict(nn.Module<Tensor, Tensor> model, Shard shard, int batchSize, Device device, IViewMaker views, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(views);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        model.eval();
        float[]? result = null;
        int classes = 0;
        var buffer = Array.Empty<byte>();
        using var noGrad = torch.no_grad();
        for (int start = 0, b = 0; start < shard.Count; start += batchSize, b++)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(batchSize, shard.Count - start);
            if (buffer.Length != n * shard.ImageBytes)
            {
                buffer = new byte[n * shard.ImageBytes];
            }

            shard.CopyImages(Enumerable.Range(start, n).ToArray(), buffer);
            using var scope = torch.NewDisposeScope();
            // Same conversion as training: uint8 → float32 / 255.
            var images = torch.tensor(buffer, [n, shard.Channels, shard.Height, shard.Width]).to_type(ScalarType.Float32).div_(ScalarConstants.Float255).to(device);
            var batch = views.Views(images, b);
            var probabilities = nn.functional.softmax(model.call(batch), 1);
            classes = (int)probabilities.shape[1];
            var mean = views.ViewCount == 1 ? probabilities : probabilities.view(views.ViewCount, n, classes).mean([0]);
            result ??= new float[shard.Count * classes];
            var values = mean.to(torch.CPU).contiguous().data<float>().ToArray();
            Array.Copy(values, 0, result, start * classes, values.Length);
        }
        return result ?? [];
    }

    /// <summary>Share of rows whose arg-max equals the label (rows with label -1 are skipped); null when no row is labelled.</summary>
    public static double? Accuracy(float[] probabilities, IReadOnlyList<int> labels, int classes)
    {
        int labelled = 0, correct = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0)
            {
                continue;
            }

            labelled++;
            var row = probabilities.AsSpan(i * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }
            if (best == labels[i])
            {
                correct++;
            }
        }
        return labelled == 0 ? null : (double)correct / labelled;
    }
}

using System.Diagnostics;
using Pipeline.Data.Shards;
using Pipeline.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Benchmarks.Figures;

/// <summary>
/// Where a TTA forward call's time goes on our side: <see cref="Predictor.Predict(nn.Module{Tensor, Tensor}, Shard, int, Device, IViewMaker, CancellationToken)"/>
/// itself, run with a timed view maker and a timed model around the real ones, so the loop measured is the stage's.
/// Parts, in ms per forward call: augment (the view maker: plain copy, flips, augmented copies), layout (the copy
/// into channels_last, zero when contiguous), forward (the model, normalisation included), and the rest of the
/// call (shard read, uint8 → float, softmax, the mean over views, the copy out) as total minus the three.
/// CPU tensors are computed synchronously, so a stopwatch around a call times its work.
/// </summary>
public static class InferProfile
{
    public sealed record Split(double Total, double Augment, double Layout, double Forward, int Calls)
    {
        public double Rest => Total - Augment - Layout - Forward;
    }

    /// <summary>One profiled pass over the shard; each part in ms per full forward call (the pass's time × images per call / images).</summary>
    public static Split Run(nn.Module<Tensor, Tensor> model, Shard shard, int imagesPerCall, IViewMaker views, bool channelsLast)
    {
        var augment = new TimedViews(views);
        IViewMaker outer = channelsLast ? new ChannelsLastViews(augment) : augment;
        var all = new TimedViews(outer);
        using var timed = new TimedModule(model);
        var clock = Stopwatch.StartNew();
        Predictor.Predict(timed, shard, imagesPerCall, torch.CPU, all);
        double total = clock.Elapsed.TotalMilliseconds;
        int calls = (shard.Count + imagesPerCall - 1) / imagesPerCall;
        double layout = all.Milliseconds - augment.Milliseconds;
        // Per full forward call: the last call of a pass is usually short, so divide by the images, not the calls.
        double perCall = (double)imagesPerCall / shard.Count;
        return new Split(total * perCall, augment.Milliseconds * perCall, layout * perCall, timed.Milliseconds * perCall, calls);
    }

    /// <summary>A view maker that adds up the time its inner view maker takes.</summary>
    private sealed class TimedViews(IViewMaker inner) : IViewMaker
    {
        public double Milliseconds { get; private set; }

        public int ViewCount => inner.ViewCount;

        public Tensor Views(Tensor images, int batchIndex)
        {
            var clock = Stopwatch.StartNew();
            var views = inner.Views(images, batchIndex);
            Milliseconds += clock.Elapsed.TotalMilliseconds;
            return views;
        }
    }

    /// <summary>
    /// A module that adds up the time its inner module's forward pass takes. The inner module is not registered as a
    /// submodule: it stays the caller's (disposing the wrapper leaves it alone) and keeps the mode the caller set.
    /// </summary>
    private sealed class TimedModule : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> inner;

        public TimedModule(nn.Module<Tensor, Tensor> inner) : base("timed")
        {
            this.inner = inner;
        }

        public double Milliseconds { get; private set; }

        public override Tensor forward(Tensor input)
        {
            var clock = Stopwatch.StartNew();
            var output = inner.call(input);
            Milliseconds += clock.Elapsed.TotalMilliseconds;
            return output;
        }
    }
}

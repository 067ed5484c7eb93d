using System.Threading.Channels;
using Pipeline.Augmentation;
using Pipeline.Foundation;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Training.Data;

/// <summary>
/// The batches of one training epoch, prepared ahead on a background thread (shard read, uint8 →
/// float [0,1], augmentation, the phase's resize if it has one, move to the device) into a bounded channel, so the next batch is
/// ready when the current step ends; on a CPU whose cores the step's threads already fill, prepared
/// on the calling thread instead. Each batch's augmentation draws from its own generator
/// seeded from (seed, epoch, batch), so an epoch replays identically after a resume, with or
/// without prefetching.
/// </summary>
public sealed class EpochBatches : IDisposable
{
    private readonly SampleTable _table;
    private readonly int[] _order;
    private readonly IReadOnlyList<(int Start, int Length)> _batches;
    private readonly IAugmenter _augmenter;
    private readonly long _seed;
    private readonly int _epoch;
    private readonly Device _device;
    private readonly int _depth;
    private readonly int _producerThreads;
    private readonly int? _trainSize;
    private readonly CancellationTokenSource _stop = new();
    private Task? _producer;
    private Channel<Batch>? _channel;
    private byte[] _buffer = [];

    /// <param name="depth">Batches prepared ahead (0: prepare each batch on the calling thread when asked); taken as 0 on a CPU device when torch's threads use every core.</param>
    /// <param name="cores">Cores the run may keep busy (null: every core of the machine); what torch's threads leave of them goes to the preparation.</param>
    /// <param name="trainSize">Square size the augmented images are resized to (bilinear, antialiased); null keeps the data's size.</param>
    public EpochBatches(SampleTable table, int[] order, int batchSize, IAugmenter augmenter, long seed, int epoch, Device device, int depth, int? cores = null, int? trainSize = null)
    {
        _trainSize = trainSize;
        _table = table;
        _order = order;
        _batches = BatchPlan.Split(order.Length, batchSize);
        _augmenter = augmenter;
        _seed = seed;
        _epoch = epoch;
        _device = device;
        // On the CPU the step's intra-op threads keep their cores busy: the producer only helps on the cores they
        // leave of the run's cores (the scheduler's share when stages run in parallel), and gets exactly those. With
        // none left (2 threads on our 2-core machines) a producer beside the step slowed it more than the batches it
        // prepared saved (measured: 146 against 164 img/s, see benchmarks/README.md), so the batches are then prepared
        // on the training thread. Results do not depend on it.
        int spareCores = (cores ?? Environment.ProcessorCount) - torch.get_num_threads();
        bool cpu = device.type == DeviceType.CPU;
        _depth = cpu && spareCores < 1 ? 0 : depth;
        _producerThreads = cpu ? Math.Max(1, spareCores) : 0;
    }

    public int Count => _batches.Count;

    /// <summary>The batches in order; the caller disposes each one.</summary>
    public IEnumerable<Batch> Read(CancellationToken cancellation)
    {
        if (_depth <= 0)
        {
            for (int b = 0; b < _batches.Count; b++)
            {
                cancellation.ThrowIfCancellationRequested();
                yield return Make(b);
            }
            yield break;
        }

        _channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(_depth) { SingleReader = true, SingleWriter = true });
        var writer = _channel.Writer;
        _producer = Task.Factory.StartNew(() =>
        {
            if (_producerThreads > 0)
            {
                IntraOpThreads.TryLimitCurrentThread(_producerThreads);
            }

            try
            {
                for (int b = 0; b < _batches.Count; b++)
                {
                    var batch = Make(b);
                    if (!writer.WaitToWriteAsync(_stop.Token).AsTask().GetAwaiter().GetResult() || !writer.TryWrite(batch))
                    {
                        batch.Dispose();
                        break;
                    }
                }
                writer.TryComplete();
            }
            catch (OperationCanceledException)
            {
                writer.TryComplete();
            }
            catch (Exception e)
            {
                writer.TryComplete(e);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var reader = _channel.Reader;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            Batch? next;
            try
            {
                if (!reader.WaitToReadAsync(cancellation).AsTask().GetAwaiter().GetResult())
                {
                    break;
                }

                if (!reader.TryRead(out next))
                {
                    continue;
                }
            }
            catch (ChannelClosedException e) when (e.InnerException is not null)
            {
                throw new InvalidOperationException($"preparing a training batch of epoch {_epoch + 1} failed: {e.InnerException.Message}", e.InnerException);
            }
            yield return next;
        }
        // A producer failure after the last batch still surfaces.
        if (reader.Completion.IsFaulted)
        {
            var inner = reader.Completion.Exception!.GetBaseException();
            throw new InvalidOperationException($"preparing a training batch of epoch {_epoch + 1} failed: {inner.Message}", inner);
        }
    }

    private Batch Make(int b)
    {
        var (start, length) = _batches[b];
        var samples = _order.AsSpan(start, length);
        int bytes = length * _table.ImageBytes;
        if (_buffer.Length != bytes)
        {
            _buffer = new byte[bytes];
        }

        _table.CopyImages(samples, _buffer);
        var labels = new long[length];
        for (int i = 0; i < length; i++)
        {
            labels[i] = _table.Label(samples[i]);
        }

        using var scope = torch.NewDisposeScope();
        var shape = _table.ImageShape;
        // torch.tensor may alias the managed array; the float conversion copies, so the buffer can be reused afterwards.
        var raw = torch.tensor(_buffer, [length, shape[0], shape[1], shape[2]]);
        var images = raw.to_type(ScalarType.Float32).div_(ScalarConstants.Float255);
        using (var generator = new Generator(SplitMix64.Derive(_seed, _epoch, b)))
        {
            images = _augmenter.Apply(images, generator);
        }

        if (_trainSize is { } size && (images.shape[2] != size || images.shape[3] != size))
        {
            images = nn.functional.interpolate(images, [size, size], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        }

        images = images.to(_device);
        var labelTensor = torch.tensor(labels).to(_device);
        return new Batch(b, images.DetachFromDisposeScope(), labelTensor.DetachFromDisposeScope());
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_channel is not null)
        {
            // Unblock a producer waiting for room, then release what it prepared.
            while (_channel.Reader.TryRead(out var pending))
            {
                pending.Dispose();
            }

            try
            {
                _producer?.Wait();
            }
            catch (AggregateException)
            {
                // Its failure was reported to the reader, or the epoch was abandoned anyway.
            }
            while (_channel.Reader.TryRead(out var pending))
            {
                pending.Dispose();
            }
        }
        _stop.Dispose();
    }
}

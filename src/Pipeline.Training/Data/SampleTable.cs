using Pipeline.Data.Shards;
using Pipeline.Foundation;

namespace Pipeline.Training.Data;

/// <summary>
/// The training samples as one index space: the (optionally capped) training shard, then the
/// extra samples. Reads images of any mix of samples into a byte buffer, shard by shard.
/// </summary>
public sealed class SampleTable
{
    private readonly Shard _train;
    private readonly int[] _trainIndices;
    private readonly ExtraSamples? _extra;

    public SampleTable(TrainingData data, int? maxTrainImages, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        _train = data.Train;
        _extra = data.Extra;
        var labelled = Enumerable.Range(0, _train.Count).Where(i => _train.Labels[i] >= 0).ToArray();
        if (labelled.Length < _train.Count)
        {
            throw new InvalidDataException($"{_train.FilePath}: {_train.Count - labelled.Length} training images have no label");
        }

        if (maxTrainImages is int cap && cap < labelled.Length)
        {
            // A seeded subset rather than the first N: shards may be ordered by class.
            var order = SplitMix64.Permutation(labelled.Length, SplitMix64.Derive(seed, -1));
            _trainIndices = order.Take(cap).Order().Select(i => labelled[i]).ToArray();
        }
        else
        {
            _trainIndices = labelled;
        }

        if (_extra is not null)
        {
            var s = _extra.Source;
            if (_extra.Indices.Count != _extra.Labels.Count)
            {
                throw new ArgumentException($"extra samples: {_extra.Indices.Count} indices but {_extra.Labels.Count} labels");
            }

            if (s.Channels != _train.Channels || s.Height != _train.Height || s.Width != _train.Width)
            {
                throw new InvalidDataException($"{s.FilePath}: images are {s.Channels}×{s.Height}×{s.Width}, the training shard's are {_train.Channels}×{_train.Height}×{_train.Width}");
            }

            if (!s.Classes.SequenceEqual(_train.Classes))
            {
                throw new InvalidDataException($"{s.FilePath}: its class list differs from the training shard's");
            }

            foreach (var (index, label) in _extra.Indices.Zip(_extra.Labels))
            {
                if ((uint)index >= (uint)s.Count)
                {
                    throw new ArgumentException($"extra samples: index {index} is outside {s.FilePath} ({s.Count} images)");
                }

                if ((uint)label >= (uint)_train.Classes.Count)
                {
                    throw new ArgumentException($"extra samples: label {label} is not a class index (0..{_train.Classes.Count - 1})");
                }
            }
        }
    }

    public int Count => _trainIndices.Length + (_extra?.Indices.Count ?? 0);

    public int ImageBytes => _train.ImageBytes;

    public long[] ImageShape => [_train.Channels, _train.Height, _train.Width];

    public int Label(int sample) => sample < _trainIndices.Length
        ? _train.Labels[_trainIndices[sample]]
        : _extra!.Labels[sample - _trainIndices.Length];

    /// <summary>Copies the images of <paramref name="samples"/>, in order, into <paramref name="destination"/>.</summary>
    public void CopyImages(ReadOnlySpan<int> samples, Span<byte> destination)
    {
        int bytes = ImageBytes;
        int i = 0;
        Span<int> run = samples.Length <= 1024 ? stackalloc int[samples.Length] : new int[samples.Length];
        while (i < samples.Length)
        {
            // Group consecutive samples from the same shard so each shard copies its run in one call.
            bool fromTrain = samples[i] < _trainIndices.Length;
            int start = i, n = 0;
            while (i < samples.Length && (samples[i] < _trainIndices.Length) == fromTrain)
            {
                run[n++] = fromTrain ? _trainIndices[samples[i]] : _extra!.Indices[samples[i] - _trainIndices.Length];
                i++;
            }
            var target = destination.Slice(start * bytes, n * bytes);
            (fromTrain ? _train : _extra!.Source).CopyImages(run[..n], target);
        }
    }
}

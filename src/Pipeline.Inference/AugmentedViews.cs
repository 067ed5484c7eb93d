using Pipeline.Augmentation;
using Pipeline.Foundation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Inference;

/// <summary>
/// TTA views: optionally the plain image and its two flips, then <c>copies</c> augmented copies made
/// in one batched augmentation call. The generator of batch b is seeded from (seed, version,
/// split, b), so the same seed and batch size give the same views.
/// </summary>
public sealed class AugmentedViews : IViewMaker
{
    private readonly IAugmenter _augmenter;
    private readonly int _copies;
    private readonly bool _plain;
    private readonly bool _flips;
    private readonly int _version;
    private readonly int _splitCode;
    private readonly long _seed;

    public AugmentedViews(IAugmenter augmenter, int copies, bool includePlain, bool includeFlips, long seed, int version, int splitCode)
    {
        _augmenter = augmenter;
        _copies = copies;
        _plain = includePlain;
        _flips = includeFlips;
        _seed = seed;
        _version = version;
        _splitCode = splitCode;
    }

    public int ViewCount => _copies + (_plain ? 1 : 0) + (_flips ? 2 : 0);

    public Tensor Views(Tensor images, int batchIndex)
    {
        using var scope = torch.NewDisposeScope();
        var parts = new List<Tensor>();
        if (_plain)
        {
            parts.Add(images);
        }

        if (_flips)
        {
            parts.Add(images.flip(3));
            parts.Add(images.flip(2));
        }
        if (_copies > 0)
        {
            using var generator = new Generator(SplitMix64.Derive(_seed, _version, _splitCode, batchIndex));
            parts.Add(_augmenter.Apply(images.repeat(_copies, 1, 1, 1), generator));
        }
        return torch.cat(parts, 0).MoveToOuterDisposeScope();
    }
}

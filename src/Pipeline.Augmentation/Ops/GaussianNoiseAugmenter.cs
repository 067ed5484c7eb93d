using Pipeline.Augmentation.Specs;
using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>Additive per-pixel normal noise; the standard deviation (0-255 scale) is drawn per image; noise is shared across channels unless the image is selected for per-channel noise.</summary>
public sealed class GaussianNoiseAugmenter : IAugmenter
{
    private readonly GaussianNoiseSpec spec;

    public GaussianNoiseAugmenter(GaussianNoiseSpec spec) => this.spec = spec;

    public Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var device = images.device;
        var sigma = RandomDraw.Uniform(generator, [n, 1, 1, 1], new ValueRange(spec.Scale.Min / 255.0, spec.Scale.Max / 255.0), device);
        var noise = RandomDraw.Normal(generator, [n, c, h, w], device);
        if (spec.PerChannel < 1)
        {
            var perChannel = RandomDraw.Chance(generator, n, spec.PerChannel, device).view(-1, 1, 1, 1);
            noise = torch.where(perChannel, noise, noise[.., 0..1].expand(n, c, h, w));
        }
        return images.add(noise * sigma, ScalarConstants.One).MoveToOuterDisposeScope();
    }
}

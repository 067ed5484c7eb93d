using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Augmentation.Ops;

/// <summary>Applies an augmenter to the images a mask selects, leaving the others as they were.</summary>
internal static class Subsets
{
    /// <param name="mask">bool, one per image, on any device.</param>
    public static Tensor ApplyWhere(IAugmenter augmenter, Tensor images, Tensor mask, Generator generator)
    {
        using var scope = NewDisposeScope();
        var index = mask.cpu().nonzero().squeeze(1);
        if (index.numel() == 0)
        {
            return images.alias().MoveToOuterDisposeScope();
        }

        if (index.numel() == images.shape[0])
        {
            return augmenter.Apply(images, generator).MoveToOuterDisposeScope();
        }

        var onDevice = index.to(images.device);
        var changed = augmenter.Apply(images.index_select(0, onDevice), generator);
        return images.index_copy(0, onDevice, changed).MoveToOuterDisposeScope();
    }
}

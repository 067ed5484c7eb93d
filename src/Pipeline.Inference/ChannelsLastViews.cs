using Pipeline.Models;
using static TorchSharp.torch;

namespace Pipeline.Inference;

/// <summary>Another view maker's views, put in channels_last before the forward pass (the conversion is part of the timed TTA path).</summary>
public sealed class ChannelsLastViews(IViewMaker inner) : IViewMaker
{
    public int ViewCount => inner.ViewCount;

    public Tensor Views(Tensor images, int batchIndex)
    {
        using var views = inner.Views(images, batchIndex);
        return ChannelsLast.From(views);
    }
}

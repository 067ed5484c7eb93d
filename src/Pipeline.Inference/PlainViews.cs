using static TorchSharp.torch;

namespace Pipeline.Inference;

/// <summary>The image itself: the plain prediction.</summary>
public sealed class PlainViews : IViewMaker
{
    public static PlainViews Instance { get; } = new();

    public int ViewCount => 1;

    public Tensor Views(Tensor images, int batchIndex) => images.alias();
}

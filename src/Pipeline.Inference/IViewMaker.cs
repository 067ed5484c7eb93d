using static TorchSharp.torch;

namespace Pipeline.Inference;

/// <summary>Turns a batch of images (B×3×H×W, float [0,1]) into the views whose softmax is averaged: a tensor of ViewCount·B images, view-major (view v of image i at v·B + i).</summary>
public interface IViewMaker
{
    int ViewCount { get; }

    Tensor Views(Tensor images, int batchIndex);
}

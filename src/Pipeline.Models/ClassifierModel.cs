using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// A classifier: input normalisation, backbone, head. Input is float32 RGB in [0,1], N×3×H×W;
/// output is logits N×classes. Freezing the backbone really stops its updates (requires_grad off
/// and batch-norm statistics kept in eval mode).
/// </summary>
public sealed class ClassifierModel : nn.Module<Tensor, Tensor>
{
    public ClassifierModel(string name, nn.Module<Tensor, Tensor> normalize, nn.Module<Tensor, Tensor> backbone, nn.Module<Tensor, Tensor> head)
        : base(name) => throw new NotImplementedException();

    /// <summary>Freezes (true) or unfreezes the backbone; the head always trains.</summary>
    public void SetBackboneFrozen(bool frozen) => throw new NotImplementedException();

    public bool BackboneFrozen { get; }

    public override Tensor forward(Tensor input) => throw new NotImplementedException();
}

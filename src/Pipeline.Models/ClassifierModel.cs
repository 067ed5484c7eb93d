using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// A classifier: input normalisation, backbone, head. Input is float32 RGB in [0,1], N×3×H×W;
/// output is logits N×classes. Freezing the backbone really stops its updates (requires_grad off
/// and batch-norm statistics kept in eval mode).
/// </summary>
public sealed class ClassifierModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> normalize;
    private readonly nn.Module<Tensor, Tensor> backbone;
    private readonly nn.Module<Tensor, Tensor> head;

    public ClassifierModel(string name, nn.Module<Tensor, Tensor> normalize, nn.Module<Tensor, Tensor> backbone, nn.Module<Tensor, Tensor> head)
        : base(name)
    {
        this.normalize = normalize;
        this.backbone = backbone;
        this.head = head;
        RegisterComponents();
        // oneDNN gets convolutions with narrow channel counts wrong on our CPUs (see ConvolutionKernels).
        OneDnnSafe = Backbones.ConvolutionKernels.IsSafeForOneDnn(backbone);
    }

    /// <summary>What loading the configured state-dict file did (null without one, or for the ML.NET ResNet18); the training log shows it.</summary>
    public Pretrained.PretrainedWeightsReport? PretrainedWeights { get; init; }

    /// <summary>Whether the backbone is frozen (see <see cref="SetBackboneFrozen"/>).</summary>
    public bool BackboneFrozen { get; private set; }

    /// <summary>The feature extractor; parameter names inside it follow torchvision/timm.</summary>
    public nn.Module<Tensor, Tensor> Backbone => backbone;

    /// <summary>The freshly initialised classifier head.</summary>
    public nn.Module<Tensor, Tensor> Head => head;

    /// <summary>The input normalisation applied before the backbone.</summary>
    public nn.Module<Tensor, Tensor> Normalize => normalize;

    /// <summary>
    /// Freezes (true) or unfreezes the backbone; the head always trains. Frozen means no gradients
    /// (requires_grad off) and batch-norm running statistics that do not move, because the backbone
    /// stays in eval mode even when <see cref="train"/> is called on the model.
    /// </summary>
    public void SetBackboneFrozen(bool frozen)
    {
        BackboneFrozen = frozen;
        foreach (var p in backbone.parameters())
        {
            p.requires_grad = !frozen;
        }

        if (frozen)
        {
            backbone.eval();
        }
        else
        {
            backbone.train(training);
        }
    }

    /// <summary>The parameters an optimizer should update: those with requires_grad (the head only while the backbone is frozen).</summary>
    public IReadOnlyList<Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad).ToList();

    /// <summary>Sets train/eval mode; a frozen backbone stays in eval mode so its batch norms keep their statistics.</summary>
    public override void train(bool train = true)
    {
        base.train(train);
        if (BackboneFrozen)
        {
            backbone.eval();
        }
    }

    /// <summary>Backbone feature map (after normalisation) for an RGB [0,1] batch; used by tests and feature extraction.</summary>
    public Tensor Features(Tensor input)
    {
        Backbones.ConvolutionKernels.Use(OneDnnSafe);
        using var normalized = normalize.call(input);
        return backbone.call(normalized);
    }

    /// <summary>Whether libtorch's oneDNN convolutions compute this network correctly (see <see cref="Backbones.ConvolutionKernels"/>).</summary>
    public bool OneDnnSafe { get; }

    public override Tensor forward(Tensor input)
    {
        using var features = Features(input);
        return head.call(features);
    }
}

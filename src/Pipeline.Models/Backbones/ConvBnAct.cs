using Pipeline.Models.Normalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>
/// Convolution (no bias) → BatchNorm → optional ReLU, with the attribute names <c>conv</c> and
/// <c>bn</c> used by torchvision's Inception <c>BasicConv2d</c> and timm's <c>ConvNormAct</c>.
/// </summary>
public sealed class ConvBnAct : nn.Module<Tensor, Tensor>, IConvBnPairs
{
    private readonly Conv2d conv;
    private readonly ScalarSafeBatchNorm bn;
    private readonly bool relu;

    public ConvBnAct(long inChannels, long outChannels, (long, long) kernel, (long, long)? stride = null, (long, long)? padding = null, double eps = 1e-3, bool relu = true)
        : base(nameof(ConvBnAct))
    {
        conv = nn.Conv2d(inChannels, outChannels, kernel, stride ?? (1, 1), padding ?? (0, 0), bias: false);
        bn = ScalarSafeBatchNorm.For2d(outChannels, eps);
        this.relu = relu;
        OutChannels = outChannels;
        RegisterComponents();
    }

    public ConvBnAct(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0, double eps = 1e-3, bool relu = true)
        : this(inChannels, outChannels, (kernel, kernel), (stride, stride), (padding, padding), eps, relu)
    {
    }

    public long OutChannels { get; }

    public IEnumerable<(Conv2d Convolution, ScalarSafeBatchNorm Norm)> ConvBnPairs => [(conv, bn)];

    public override Tensor forward(Tensor input)
    {
        using var c = conv.call(input);
        var y = bn.call(c);
        return relu ? y.relu_() : y;
    }
}

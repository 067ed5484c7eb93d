using Pipeline.Models.Normalization;
using Pipeline.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>torchvision's ResNet Bottleneck (v1.5: the stride sits on the 3x3 convolution), expansion 4.</summary>
public sealed class Bottleneck : ResNetBlock, IConvBnPairs
{
    private const long Expansion = 4;
    private readonly Conv2d conv1;
    private readonly ScalarSafeBatchNorm bn1;
    private readonly Conv2d conv2;
    private readonly ScalarSafeBatchNorm bn2;
    private readonly Conv2d conv3;
    private readonly ScalarSafeBatchNorm bn3;
    private readonly Sequential? downsample;

    public Bottleneck(long inChannels, long planes, long stride) : base(nameof(Bottleneck))
    {
        var outChannels = planes * Expansion;
        conv1 = nn.Conv2d(inChannels, planes, 1, bias: false);
        bn1 = ScalarSafeBatchNorm.For2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = ScalarSafeBatchNorm.For2d(planes);
        conv3 = nn.Conv2d(planes, outChannels, 1, bias: false);
        bn3 = ScalarSafeBatchNorm.For2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
        {
            downsample = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), ScalarSafeBatchNorm.For2d(outChannels));
        }

        OutChannels = outChannels;
        RegisterComponents();
    }

    public override long OutChannels { get; }

    public IEnumerable<(Conv2d Convolution, ScalarSafeBatchNorm Norm)> ConvBnPairs =>
        new[] { (conv1, bn1), (conv2, bn2), (conv3, bn3) }.Concat(Downsample.Pairs(downsample));

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = bn1.call(conv1.call(input)).relu_();
        y = bn2.call(conv2.call(y)).relu_();
        y = bn3.call(conv3.call(y));
        var shortcut = downsample is null ? input : downsample.call(input);
        return y.add_(shortcut, ScalarConstants.One).relu_().MoveToOuterDisposeScope();
    }
}

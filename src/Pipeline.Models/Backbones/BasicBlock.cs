using Pipeline.Models.Normalization;
using Pipeline.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>torchvision's ResNet BasicBlock: two 3x3 convolutions and an identity or 1x1 downsample shortcut.</summary>
public sealed class BasicBlock : ResNetBlock, IConvBnPairs
{
    private readonly Conv2d conv1;
    private readonly ScalarSafeBatchNorm bn1;
    private readonly Conv2d conv2;
    private readonly ScalarSafeBatchNorm bn2;
    private readonly Sequential? downsample;

    public BasicBlock(long inChannels, long planes, long stride) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = ScalarSafeBatchNorm.For2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = ScalarSafeBatchNorm.For2d(planes);
        if (stride != 1 || inChannels != planes)
        {
            downsample = nn.Sequential(nn.Conv2d(inChannels, planes, 1, stride: stride, bias: false), ScalarSafeBatchNorm.For2d(planes));
        }

        OutChannels = planes;
        RegisterComponents();
    }

    public override long OutChannels { get; }

    public IEnumerable<(Conv2d Convolution, ScalarSafeBatchNorm Norm)> ConvBnPairs =>
        new[] { (conv1, bn1), (conv2, bn2) }.Concat(Downsample.Pairs(downsample));

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = bn1.call(conv1.call(input)).relu_();
        y = bn2.call(conv2.call(y));
        var shortcut = downsample is null ? input : downsample.call(input);
        return y.add_(shortcut, ScalarConstants.One).relu_().MoveToOuterDisposeScope();
    }
}

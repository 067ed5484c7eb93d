using Pipeline.Models.Normalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>
/// torchvision's ResNet without its pooling and <c>fc</c> (the head does those), with any stage layout:
/// [2,2,2,2] basic = resnet18, [3,4,6,3] basic = resnet34, [3,4,6,3] bottleneck = resnet50, and
/// [2,2,2,3] basic = the offline ML.NET ResNet18. Total stride 32; every size works (padding keeps
/// at least a 1×1 map), 32 px or more is sensible.
/// </summary>
public sealed class ResNet : Backbone, IConvBnPairs
{
    private readonly Conv2d conv1;
    private readonly ScalarSafeBatchNorm bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;

    public ResNet(IReadOnlyList<int> layers, bool bottleneck, ChannelWidth width = default) : base(nameof(ResNet))
    {
        if (layers.Count != 4)
        {
            throw new ArgumentException("A ResNet layout has four stages.", nameof(layers));
        }

        var stem = Backbone.Scale(64, width);
        conv1 = nn.Conv2d(3, stem, 7, stride: 2, padding: 3, bias: false);
        bn1 = ScalarSafeBatchNorm.For2d(stem);
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        long channels = stem;
        Sequential Stage(int blocks, long planes, long stride)
        {
            var modules = new List<nn.Module<Tensor, Tensor>>();
            for (var i = 0; i < blocks; i++)
            {
                ResNetBlock block = bottleneck
                    ? new Bottleneck(channels, planes, i == 0 ? stride : 1)
                    : new BasicBlock(channels, planes, i == 0 ? stride : 1);
                channels = block.OutChannels;
                modules.Add(block);
            }
            return nn.Sequential(modules);
        }
        layer1 = Stage(layers[0], Backbone.Scale(64, width), 1);
        layer2 = Stage(layers[1], Backbone.Scale(128, width), 2);
        layer3 = Stage(layers[2], Backbone.Scale(256, width), 2);
        layer4 = Stage(layers[3], Backbone.Scale(512, width), 2);
        OutChannels = channels;
        RegisterComponents();
    }

    public override long OutChannels { get; }

    public IEnumerable<(Conv2d Convolution, ScalarSafeBatchNorm Norm)> ConvBnPairs => [(conv1, bn1)];

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = maxpool.call(bn1.call(conv1.call(input)).relu_());
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return x.MoveToOuterDisposeScope();
    }
}

using Pipeline.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>
/// timm InceptionResNetV2 Block8 (Inception-ResNet-C): residual branch scaled by 0.2 in the nine blocks of
/// <c>repeat_2</c>, by 1.0 in the final <c>block8</c> (which has no ReLU), as timm and Keras build it. The scale is
/// not defaulted: the final block once took 0.2 by default, which loads timm weights without an error and moves
/// the pooled features by 47%.
/// </summary>
public sealed class Block8 : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct branch0;
    private readonly Sequential branch1;
    private readonly Conv2d conv2d;
    // Owned, not converted on each call: an implicit Scalar can be freed by the finalizer mid-call (see ScalarConstants).
    private readonly Scalar scale;
    private readonly bool relu;

    public Block8(long channels, ChannelWidth width, double scale, bool relu = true) : base(nameof(Block8))
    {
        long S(long c) => Backbone.Scale(c, width);
        this.scale = scale.ToScalar();
        this.relu = relu;
        branch0 = new ConvBnAct(channels, S(192), 1);
        branch1 = nn.Sequential(
            new ConvBnAct(channels, S(192), 1),
            new ConvBnAct(S(192), S(224), (1, 3), padding: (0, 1)),
            new ConvBnAct(S(224), S(256), (3, 1), padding: (1, 0)));
        conv2d = nn.Conv2d(S(192) + S(256), channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var mixed = torch.cat([branch0.call(x), branch1.call(x)], 1);
        var y = conv2d.call(mixed).mul_(scale).add_(x, ScalarConstants.One);
        return (relu ? y.relu_() : y).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            scale.Dispose();
        }

        base.Dispose(disposing);
    }
}

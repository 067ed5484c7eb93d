using Pipeline.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>timm InceptionResNetV2 Block17 (Inception-ResNet-B, in <c>repeat_1</c>): residual, scaled by 0.1.</summary>
public sealed class Block17 : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct branch0;
    private readonly Sequential branch1;
    private readonly Conv2d conv2d;
    // Owned, not converted on each call: an implicit Scalar can be freed by the finalizer mid-call (see ScalarConstants).
    private readonly Scalar scale;

    public Block17(long channels, ChannelWidth width, double scale = 0.1) : base(nameof(Block17))
    {
        long S(long c) => Backbone.Scale(c, width);
        this.scale = scale.ToScalar();
        branch0 = new ConvBnAct(channels, S(192), 1);
        branch1 = nn.Sequential(
            new ConvBnAct(channels, S(128), 1),
            new ConvBnAct(S(128), S(160), (1, 7), padding: (0, 3)),
            new ConvBnAct(S(160), S(192), (7, 1), padding: (3, 0)));
        conv2d = nn.Conv2d(S(192) + S(192), channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var mixed = torch.cat([branch0.call(x), branch1.call(x)], 1);
        return conv2d.call(mixed).mul_(scale).add_(x, ScalarConstants.One).relu_().MoveToOuterDisposeScope();
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

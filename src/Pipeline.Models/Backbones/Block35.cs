using Pipeline.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>timm InceptionResNetV2 Block35 (Inception-ResNet-A, in <c>repeat</c>): residual, scaled by 0.17.</summary>
public sealed class Block35 : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct branch0;
    private readonly Sequential branch1;
    private readonly Sequential branch2;
    private readonly Conv2d conv2d;
    // Owned, not converted on each call: an implicit Scalar can be freed by the finalizer mid-call (see ScalarConstants).
    private readonly Scalar scale;

    public Block35(long channels, ChannelWidth width, double scale = 0.17) : base(nameof(Block35))
    {
        long S(long c) => Backbone.Scale(c, width);
        this.scale = scale.ToScalar();
        branch0 = new ConvBnAct(channels, S(32), 1);
        branch1 = nn.Sequential(new ConvBnAct(channels, S(32), 1), new ConvBnAct(S(32), S(32), 3, padding: 1));
        branch2 = nn.Sequential(new ConvBnAct(channels, S(32), 1), new ConvBnAct(S(32), S(48), 3, padding: 1), new ConvBnAct(S(48), S(64), 3, padding: 1));
        conv2d = nn.Conv2d(S(32) + S(32) + S(64), channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var mixed = torch.cat([branch0.call(x), branch1.call(x), branch2.call(x)], 1);
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

using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>torchvision Inception-v3 InceptionC (Mixed_6b-6e): factorised 7x7 branches.</summary>
public sealed class InceptionC : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct branch1x1;
    private readonly ConvBnAct branch7x7_1;
    private readonly ConvBnAct branch7x7_2;
    private readonly ConvBnAct branch7x7_3;
    private readonly ConvBnAct branch7x7dbl_1;
    private readonly ConvBnAct branch7x7dbl_2;
    private readonly ConvBnAct branch7x7dbl_3;
    private readonly ConvBnAct branch7x7dbl_4;
    private readonly ConvBnAct branch7x7dbl_5;
    private readonly ConvBnAct branch_pool;

    public InceptionC(long inChannels, long channels7x7, ChannelWidth width) : base(nameof(InceptionC))
    {
        long S(long c) => Backbone.Scale(c, width);
        var c7 = S(channels7x7);
        branch1x1 = new ConvBnAct(inChannels, S(192), 1);
        branch7x7_1 = new ConvBnAct(inChannels, c7, 1);
        branch7x7_2 = new ConvBnAct(c7, c7, (1, 7), padding: (0, 3));
        branch7x7_3 = new ConvBnAct(c7, S(192), (7, 1), padding: (3, 0));
        branch7x7dbl_1 = new ConvBnAct(inChannels, c7, 1);
        branch7x7dbl_2 = new ConvBnAct(c7, c7, (7, 1), padding: (3, 0));
        branch7x7dbl_3 = new ConvBnAct(c7, c7, (1, 7), padding: (0, 3));
        branch7x7dbl_4 = new ConvBnAct(c7, c7, (7, 1), padding: (3, 0));
        branch7x7dbl_5 = new ConvBnAct(c7, S(192), (1, 7), padding: (0, 3));
        branch_pool = new ConvBnAct(inChannels, S(192), 1);
        OutChannels = 4 * S(192);
        RegisterComponents();
    }

    public long OutChannels { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var b1 = branch1x1.call(x);
        var b7 = branch7x7_3.call(branch7x7_2.call(branch7x7_1.call(x)));
        var bd = branch7x7dbl_5.call(branch7x7dbl_4.call(branch7x7dbl_3.call(branch7x7dbl_2.call(branch7x7dbl_1.call(x)))));
        var bp = branch_pool.call(nn.functional.avg_pool2d(x, 3, stride: 1, padding: 1));
        return torch.cat([b1, b7, bd, bp], 1).MoveToOuterDisposeScope();
    }
}

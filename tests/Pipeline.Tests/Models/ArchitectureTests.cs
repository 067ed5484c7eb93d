using Pipeline.Models;
using Pipeline.Models.Backbones;
using Pipeline.Models.Configuration;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

[Collection(GlobalRandomStateCollection.Name)]
public sealed class ArchitectureTests
{
    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Theory]
    [InlineData("resnet18", 11_176_512L)]
    [InlineData("resnet50", 23_508_032L)]
    [InlineData("inception_v3", 21_785_568L)]
    [InlineData("inception_resnet_v2", 54_306_464L)]
    public void Full_width_backbones_have_the_published_parameter_counts(string architecture, long expected)
    {
        // Published totals minus the classifier (and Inception-v3's AuxLogits): torchvision/timm.
        using Backbone backbone = architecture switch
        {
            "resnet18" => new ResNet([2, 2, 2, 2], false),
            "resnet50" => new ResNet([3, 4, 6, 3], true),
            "inception_v3" => new InceptionV3(),
            _ => new InceptionResNetV2(),
        };
        Assert.Equal(expected, Count(backbone));
    }

    [Theory]
    [InlineData("resnet18_2223", "conv1.weight,bn1.running_var,layer1.0.conv2.weight,layer2.0.downsample.0.weight,layer2.0.downsample.1.running_mean,layer4.2.bn2.bias")]
    [InlineData("resnet50", "layer3.5.conv3.weight,layer1.0.downsample.1.weight,layer4.2.bn3.running_var")]
    [InlineData("inception_v3", "Conv2d_1a_3x3.conv.weight,Conv2d_4a_3x3.bn.running_var,Mixed_5b.branch_pool.conv.weight,Mixed_6e.branch7x7dbl_5.bn.bias,Mixed_7a.branch7x7x3_4.conv.weight,Mixed_7c.branch3x3dbl_3b.conv.weight")]
    [InlineData("inception_resnet_v2", "conv2d_1a.conv.weight,mixed_5b.branch3.1.conv.weight,repeat.0.branch2.2.bn.running_mean,mixed_6a.branch1.2.conv.weight,repeat_1.0.conv2d.bias,mixed_7a.branch2.2.conv.weight,repeat_2.0.branch1.2.conv.weight,block8.conv2d.weight,conv2d_7b.bn.weight")]
    public void Backbone_parameter_names_follow_torchvision_and_timm(string architecture, string keys)
    {
        var config = new ModelConfig { Architecture = architecture, Width = 0.1, RepeatScale = 0.1, Pretrained = "none", InputSize = 64, SmallInput = true };
        using var model = ModelFactory.Create(config, 3, 1, AppContext.BaseDirectory);
        var names = model.Backbone.state_dict().Keys.ToHashSet();
        Assert.All(keys.Split(','), k => Assert.Contains(k, names));
    }

    [Theory]
    [InlineData("resnet18", 32, false)]
    [InlineData("resnet34", 32, false)]
    [InlineData("resnet50", 32, false)]
    [InlineData("resnet18_2223", 32, false)]
    [InlineData("inception_v3", 75, false)]
    [InlineData("inception_v3", 32, true)]
    [InlineData("inception_resnet_v2", 75, false)]
    [InlineData("inception_resnet_v2", 32, true)]
    public void Narrow_variants_train_a_step_at_their_minimum_size(string architecture, int size, bool smallInput)
    {
        var config = new ModelConfig
        {
            Architecture = architecture, Width = 0.1, RepeatScale = 0.1, SmallInput = smallInput, Pretrained = "none", InputSize = size,
            Head = new HeadConfig { Kind = "original", Hidden = 8, Dropout = 0.5 },
        };
        using var model = ModelFactory.Create(config, 3, 1, AppContext.BaseDirectory);
        model.train();
        using var x = torch.rand(2, 3, size, size, generator: new Generator(2));
        using var target = torch.tensor(new long[] { 0, 2 });
        using var loss = nn.functional.cross_entropy(model.call(x), target);
        loss.backward();
        Assert.False(loss.isnan().all().item<bool>());
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
    }
}

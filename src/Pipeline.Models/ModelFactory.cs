using Pipeline.Models.Backbones;
using Pipeline.Models.Configuration;
using Pipeline.Models.Heads;
using Pipeline.Models.Normalization;
using Pipeline.Models.Pretrained;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>Builds models from configuration through a registry of named architectures, heads and weight sources.</summary>
public static class ModelFactory
{
    /// <summary>The name of the offline ImageNet ResNet18 (ML.NET's ONNX export).</summary>
    public const string MlNetResNet18 = "mlnet-resnet18";

    // Serialises the seeded section: the global generator is process-wide.
    private static readonly Lock GlobalRandomState = new();

    private static readonly Dictionary<string, Func<ModelConfig, Backbone>> Architectures = new()
    {
        ["tiny_cnn"] = c => new TinyCnn(c.ChannelWidth),
        ["resnet18"] = c => new ResNet([2, 2, 2, 2], bottleneck: false, c.ChannelWidth),
        ["resnet34"] = c => new ResNet([3, 4, 6, 3], bottleneck: false, c.ChannelWidth),
        ["resnet50"] = c => new ResNet([3, 4, 6, 3], bottleneck: true, c.ChannelWidth),
        ["resnet18_2223"] = c => new ResNet([2, 2, 2, 3], bottleneck: false, c.ChannelWidth),
        ["inception_v3"] = c => new InceptionV3(c.ChannelWidth, c.SmallInput),
        ["inception_resnet_v2"] = c => new InceptionResNetV2(c.ChannelWidth, c.RepeatScale, c.SmallInput),
    };

    private static readonly Dictionary<string, Func<ModelConfig, Backbone, int, nn.Module<Tensor, Tensor>>> Heads = new()
    {
        ["gap_linear"] = (c, b, classes) => new GapLinearHead(b.OutChannels, classes, c.Head.Dropout),
        ["original"] = (c, b, classes) => new OriginalHead(
            b.OutChannels, OriginalHeadFeatures(c, b), c.Head.Hidden, classes, c.Head.Dropout, c.Head.Pooling == "avg",
            batchNormFirst: c.Head.Order == "bn_flatten",
            eps: c.Head.BatchNorm == "keras" ? 1e-3 : 1e-5,
            momentum: c.Head.BatchNorm == "keras" ? 0.01 : 0.1),
    };

    /// <summary>Known architecture names.</summary>
    public static IReadOnlyCollection<string> ArchitectureNames => Architectures.Keys;

    /// <summary>Known head kinds.</summary>
    public static IReadOnlyCollection<string> HeadNames => Heads.Keys;

    /// <summary>
    /// Creates the model. <paramref name="pretrainedDirectory"/> is where offline weights live
    /// (the build output's <c>pretrained/</c> folder with ResNet18.onnx). Weight init draws from
    /// <paramref name="seed"/> only: the global torch generator is seeded for the construction and
    /// restored afterwards, so two calls with the same seed give identical weights and the caller's
    /// random state is untouched.
    /// </summary>
    public static ClassifierModel Create(ModelConfig config, int numClasses, long seed, string pretrainedDirectory)
    {
        if (!Architectures.TryGetValue(config.Architecture, out var makeBackbone))
        {
            throw new ArgumentException($"model.architecture: unknown '{config.Architecture}'; known: {string.Join(", ", Architectures.Keys)}");
        }

        if (!Heads.TryGetValue(config.Head.Kind, out var makeHead))
        {
            throw new ArgumentException($"model.head.kind: unknown '{config.Head.Kind}'; known: {string.Join(", ", Heads.Keys)}");
        }

        if (numClasses < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "A classifier needs at least one class.");
        }

        // TorchSharp's layer constructors draw from the global generator; scope a seeded state
        // around construction instead of threading a generator through every layer. Code on other
        // threads that draws from the global generator meanwhile would still interleave.
        using var exclusive = GlobalRandomState.EnterScope();
        var saved = torch.random.get_rng_state();
        try
        {
            torch.random.manual_seed(seed);
            var backbone = makeBackbone(config);
            InitializeTorchvisionStyle(backbone);
            var report = LoadPretrained(config, backbone, pretrainedDirectory);
            var head = makeHead(config, backbone, numClasses);
            var normalize = CreateNormalization(config, pretrainedDirectory);
            return new ClassifierModel($"{config.Architecture}_{config.Head.Kind}", normalize, backbone, head) { PretrainedWeights = report };
        }
        finally
        {
            torch.random.set_rng_state(saved);
            saved.Dispose();
        }
    }

    /// <summary>The normalisation <c>auto</c> stands for, given the weights.</summary>
    public static string ResolveNormalization(ModelConfig config)
    {
        if (config.Normalization != "auto")
        {
            return config.Normalization;
        }

        if (config.Pretrained == MlNetResNet18)
        {
            return "mlnet";
        }

        if (config.Pretrained != "none" && config.Architecture.StartsWith("inception", StringComparison.Ordinal))
        {
            return "inception";
        }

        return "imagenet";
    }

    private static InputNormalization CreateNormalization(ModelConfig config, string pretrainedDirectory) => ResolveNormalization(config) switch
    {
        "none" => InputNormalization.None(),
        "imagenet" => InputNormalization.ImageNet(),
        "inception" => InputNormalization.Inception(),
        "keras_bgr01" => InputNormalization.KerasBgr01(),
        "mlnet" => InputNormalization.MlNet(MlNetResNet18Weights.TryReadMeanImage(pretrainedDirectory)),
        var other => throw new ArgumentException($"model.normalization: unknown '{other}'"),
    };

    private static PretrainedWeightsReport? LoadPretrained(ModelConfig config, Backbone backbone, string pretrainedDirectory)
    {
        if (config.Pretrained == "none")
        {
            return null;
        }

        if (config.Pretrained == MlNetResNet18)
        {
            if (config.Architecture != "resnet18_2223" || config.Width != 1.0)
            {
                throw new ArgumentException($"model.pretrained: {MlNetResNet18} needs architecture resnet18_2223 at width 1 (got {config.Architecture}, width {config.Width}).");
            }

            MlNetResNet18Weights.Load(backbone, pretrainedDirectory);
            return null;
        }
        // A relative name is the pipeline's: the file sits in the folder it passes (an absolute path stays as it is).
        return StateDictWeights.Load(backbone, Path.Combine(pretrainedDirectory, config.Pretrained));
    }

    private static long OriginalHeadFeatures(ModelConfig config, Backbone backbone)
    {
        if (config.Head.Pooling == "avg")
        {
            return backbone.OutChannels;
        }
        // Flattening a spatial map makes the head's width depend on the input size: measure it.
        using var noGrad = torch.no_grad();
        using var probe = torch.zeros(1, 3, config.InputSize, config.InputSize);
        var wasTraining = backbone.training;
        backbone.eval();
        using var map = backbone.call(probe);
        backbone.train(wasTraining);
        return map.shape[1] * map.shape[2] * map.shape[3];
    }

    private static void InitializeTorchvisionStyle(Backbone backbone)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in backbone.named_modules())
        {
            if (module is TorchSharp.Modules.Conv2d conv)
            {
                nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            }
        }
    }
}

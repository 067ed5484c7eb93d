using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Models.Pretrained;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Reference;

/// <summary>Our full-width networks against the reference files: which file, which of its keys are the classifier, and how to run one.</summary>
public static class ReferenceNetworks
{
    public const string ResNet50 = "torchvision_resnet50.json";
    public const string InceptionV3 = "torchvision_inception_v3.json";
    public const string InceptionResNetV2 = "timm_inception_resnet_v2.json";

    public static string Architecture(string file) => file switch
    {
        ResNet50 => "resnet50",
        InceptionV3 => "inception_v3",
        InceptionResNetV2 => "inception_resnet_v2",
        _ => throw new ArgumentException(file),
    };

    /// <summary>The reference's classifier: the linear layer our <c>gap_linear</c> head replaces.</summary>
    public static string Classifier(string file) => file == InceptionResNetV2 ? "classif" : "fc";

    /// <summary>Key prefixes of the reference that our backbone does not hold: the classifier, and Inception-v3's auxiliary classifier.</summary>
    public static IReadOnlyList<string> NotInBackbone(string file) =>
        file == InceptionV3 ? [Classifier(file) + ".", "AuxLogits."] : [Classifier(file) + "."];

    /// <summary>Our model at full width with a 1000-class <c>gap_linear</c> head and no input normalisation (the reference input goes in as it is).</summary>
    public static ClassifierModel Build(string file, int inputSize) => ModelFactory.Create(
        new ModelConfig { Architecture = Architecture(file), Width = 1.0, Pretrained = "none", Normalization = "none", InputSize = inputSize },
        numClasses: 1000, seed: 0, AppContext.BaseDirectory);

    /// <summary>
    /// Loads the weights into the backbone through <see cref="StateDictWeights"/> (the loader real files go through)
    /// and the reference classifier into our head's linear layer.
    /// </summary>
    public static void Fill(ClassifierModel model, IReadOnlyDictionary<string, Tensor> weights, string file, string sourceName)
    {
        StateDictWeights.Load(model.Backbone, weights, sourceName);
        var head = model.Head.state_dict();
        using var noGrad = torch.no_grad();
        head["fc.weight"].copy_(weights[Classifier(file) + ".weight"]);
        head["fc.bias"].copy_(weights[Classifier(file) + ".bias"]);
    }

    /// <summary>Pooled features and logits of the model in eval mode.</summary>
    public static (Tensor Features, Tensor Logits) Run(ClassifierModel model, Tensor input)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        using var map = model.Features(input);
        var features = map.mean([2L, 3L]);
        var logits = model.call(input);
        return (features, logits);
    }

    /// <summary>max |actual − expected| / max |expected|: agreement relative to the output's scale (features hold exact zeros after ReLU).</summary>
    public static double RelativeError(Tensor actual, double[,] expected)
    {
        using var reference = torch.tensor(expected, ScalarType.Float64);
        using var a = actual.to(ScalarType.Float64);
        Assert(a.shape.SequenceEqual(reference.shape), $"shape [{string.Join(", ", a.shape)}] vs reference [{string.Join(", ", reference.shape)}]");
        using var minusOne = (-1.0).ToScalar();
        using var diff = a.add(reference, minusOne).abs_();
        using var maxDiff = diff.max();
        using var absRef = reference.abs();
        using var scale = absRef.max();
        return maxDiff.item<double>() / scale.item<double>();
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new Xunit.Sdk.XunitException(message);
        }
    }
}

using Pipeline.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Reference;

/// <summary>
/// Our ResNet-50, Inception-v3 and InceptionResNetV2 at full width against torchvision's and timm's own outputs
/// (<c>Data/</c>): same state-dict names and shapes, same parameter count, and, with every tensor set by the
/// files' formula, the same pooled features and logits in float64 within 1e-7 relative. This is what covers
/// batch-norm eps, padding, pooling, block scales and ReLU placement.
/// </summary>
[Collection(GlobalRandomStateCollection.Name)]
public sealed class ReferenceEquivalenceTests
{
    private const double Tolerance = 1e-7;

    [Theory]
    [InlineData(ReferenceNetworks.ResNet50)]
    [InlineData(ReferenceNetworks.InceptionV3)]
    [InlineData(ReferenceNetworks.InceptionResNetV2)]
    public void The_backbone_has_exactly_the_reference_keys_and_shapes_and_the_reference_parameter_count(string file)
    {
        var reference = ReferenceCase.Load(file);
        using var model = ReferenceNetworks.Build(file, reference.InputSize);
        var outside = ReferenceNetworks.NotInBackbone(file);
        var expected = reference.StateDict
            .Where(e => !outside.Any(p => e.Key.StartsWith(p, StringComparison.Ordinal)))
            .Select(e => $"{e.Key} [{string.Join(", ", e.Shape)}]")
            .Order(StringComparer.Ordinal)
            .ToList();
        var ours = model.Backbone.state_dict()
            .Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}]")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, ours);

        // The reference count includes its classifier (our 1000-class head has the same Linear) and, for
        // Inception-v3, the auxiliary classifier, which we do not build: its parameters are counted from the file.
        var auxiliary = reference.StateDict
            .Where(e => e.Key.StartsWith("AuxLogits.", StringComparison.Ordinal) && (e.Key.EndsWith(".weight", StringComparison.Ordinal) || e.Key.EndsWith(".bias", StringComparison.Ordinal)))
            .Sum(e => e.Shape.Aggregate(1L, (a, b) => a * b));
        var count = model.Backbone.parameters().Sum(p => p.numel()) + model.Head.parameters().Sum(p => p.numel());
        Assert.Equal(reference.Parameters, count + auxiliary);
    }

    [Theory]
    [InlineData(ReferenceNetworks.ResNet50)]
    [InlineData(ReferenceNetworks.InceptionV3)]
    [InlineData(ReferenceNetworks.InceptionResNetV2)]
    public void Features_and_logits_match_the_reference_implementation_in_float64(string file)
    {
        var reference = ReferenceCase.Load(file);
        using var model = ReferenceNetworks.Build(file, reference.InputSize);
        model.to(ScalarType.Float64);
        var weights = FormulaWeights.StateDict(reference);
        try
        {
            ReferenceNetworks.Fill(model, weights, file, $"{file} (formula)");
        }
        finally
        {
            foreach (var t in weights.Values)
            {
                t.Dispose();
            }
        }

        using var input = FormulaWeights.Input(reference.InputSize);
        var (features, logits) = ReferenceNetworks.Run(model, input);
        using (features)
        using (logits)
        {
            var featureError = ReferenceNetworks.RelativeError(features, reference.Features);
            var logitError = ReferenceNetworks.RelativeError(logits, reference.Logits);
            Assert.True(featureError <= Tolerance && logitError <= Tolerance,
                $"{reference.Model}: features differ by {featureError:E2}, logits by {logitError:E2} (relative to the largest reference value; bound {Tolerance:E0})");
        }
    }
}

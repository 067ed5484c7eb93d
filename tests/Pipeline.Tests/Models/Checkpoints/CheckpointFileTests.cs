using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Models.Pretrained;
using Pipeline.Tests.Models.Reference;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Checkpoints;

/// <summary>
/// Weights files written by PyTorch itself (<see cref="CheckpointFiles"/>), read by our loader: resnet50 in every
/// format gives torchvision's reference outputs, and the checkpoint shapes met in the wild (DataParallel prefix,
/// training-checkpoint wrappers, another class count, Inception-v3's aux-logits branch) load, or fail saying why.
/// </summary>
[Collection(GlobalRandomStateCollection.Name)]
public sealed class CheckpointFileTests(CheckpointFiles files) : IClassFixture<CheckpointFiles>
{
    private const double Tolerance = 1e-7;

    [Theory]
    [InlineData("resnet50.pth", "zip .pth")]
    [InlineData("resnet50_legacy.pth", "legacy .pth")]
    [InlineData("resnet50.safetensors", "safetensors")]
    public void A_resnet50_file_in_each_format_holds_the_formula_weights_and_gives_the_reference_outputs(string file, string format)
    {
        var reference = ReferenceCase.Load(ReferenceNetworks.ResNet50);
        using var weights = CheckpointReader.Read(files[file]);
        Assert.Equal(format, weights.Format);
        Assert.Null(weights.Wrapper);
        Assert.False(weights.RemovedModulePrefix);
        Assert.Equal(reference.StateDict.Select(e => e.Key).Order(StringComparer.Ordinal), weights.Tensors.Keys.Order(StringComparer.Ordinal));
        var batchNorm = reference.BatchNormModules;
        foreach (var (key, shape) in reference.StateDict)
        {
            using var expected = FormulaWeights.Tensor(key, shape, batchNorm);
            AssertSame(expected, weights.Tensors[key], key);
        }

        using var model = ReferenceNetworks.Build(ReferenceNetworks.ResNet50, reference.InputSize);
        model.to(ScalarType.Float64);
        ReferenceNetworks.Fill(model, weights.Tensors, ReferenceNetworks.ResNet50, files[file]);
        using var input = FormulaWeights.Input(reference.InputSize);
        var (features, logits) = ReferenceNetworks.Run(model, input);
        using (features)
        using (logits)
        {
            var featureError = ReferenceNetworks.RelativeError(features, reference.Features);
            var logitError = ReferenceNetworks.RelativeError(logits, reference.Logits);
            Assert.True(featureError <= Tolerance && logitError <= Tolerance, $"{file}: features differ by {featureError:E2}, logits by {logitError:E2}");
        }
    }

    [Fact]
    public void The_model_factory_loads_a_legacy_file_into_a_float32_model_and_reports_what_it_left_out()
    {
        using var model = Create("resnet50", files["resnet50_legacy.pth"], classes: 25);
        AssertFormulaWeights(model.Backbone);
        var report = model.PretrainedWeights!;
        Assert.Equal("legacy .pth", report.Format);
        Assert.Equal(318, report.Loaded);
        Assert.Equal(["fc.* (2 tensors, 1000 classes: the file's classifier; the head is new)"], report.Skipped);
        Assert.Equal([25L, 2048L], model.Head.state_dict()["fc.weight"].shape);
    }

    [Fact]
    public void The_module_prefix_of_a_DataParallel_state_dict_is_removed()
    {
        using var model = Create("resnet18", files["resnet18_module_prefix.pth"]);
        AssertFormulaWeights(model.Backbone);
        var report = model.PretrainedWeights!;
        Assert.True(report.RemovedModulePrefix);
        Assert.Null(report.Wrapper);
        Assert.Contains("'module.' prefix removed", report.ToString());
    }

    [Fact]
    public void The_state_dict_entry_of_a_training_checkpoint_is_used_and_its_optimizer_state_ignored()
    {
        // pytorch/examples' imagenet checkpoint: epoch, arch, state_dict (DataParallel keys), best_acc1 (a tensor), optimizer (momentum buffers).
        using var model = Create("resnet18", files["resnet18_examples.pth"]);
        AssertFormulaWeights(model.Backbone);
        Assert.Equal("state_dict", model.PretrainedWeights!.Wrapper);
        Assert.True(model.PretrainedWeights.RemovedModulePrefix);
        Assert.Contains("inside 'state_dict'", model.PretrainedWeights.ToString());
    }

    [Fact]
    public void The_model_entry_of_a_torchvision_references_checkpoint_is_used()
    {
        // torchvision's references/classification checkpoint: model, optimizer, lr_scheduler, epoch, args (an argparse.Namespace).
        using var model = Create("resnet18", files["resnet18_references.pth"]);
        AssertFormulaWeights(model.Backbone);
        Assert.Equal("model", model.PretrainedWeights!.Wrapper);
        Assert.False(model.PretrainedWeights.RemovedModulePrefix);
    }

    [Fact]
    public void A_legacy_training_checkpoint_loads_through_its_wrapper()
    {
        using var model = Create("resnet18", files["resnet18_legacy_examples.pth"]);
        AssertFormulaWeights(model.Backbone);
        Assert.Equal("legacy .pth", model.PretrainedWeights!.Format);
        Assert.Equal("state_dict", model.PretrainedWeights.Wrapper);
    }

    [Fact]
    public void A_classifier_of_another_class_count_is_left_out_and_reported()
    {
        using var model = Create("resnet18", files["resnet18_fc10.pth"], classes: 25);
        AssertFormulaWeights(model.Backbone);
        Assert.Equal(["fc.* (2 tensors, 10 classes: the file's classifier; the head is new)"], model.PretrainedWeights!.Skipped);
        Assert.Equal([25L, 512L], model.Head.state_dict()["fc.weight"].shape);
    }

    [Fact]
    public void The_aux_logits_branch_of_an_inception_v3_file_is_left_out_and_reported()
    {
        using var model = Create("inception_v3", files["inception_v3_aux.pth"]);
        AssertFormulaWeights(model.Backbone);
        var skipped = model.PretrainedWeights!.Skipped;
        Assert.Equal(2, skipped.Count);
        Assert.Contains(skipped, s => s.StartsWith("AuxLogits.* (14 tensors", StringComparison.Ordinal) && s.Contains("auxiliary classifier", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("fc.* (2 tensors, 1000 classes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_whole_pickled_model_fails_and_says_how_to_convert_it()
    {
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(files["resnet18_whole_model.pth"]));
        Assert.Contains(files["resnet18_whole_model.pth"], e.Message);
        Assert.Contains("whole pickled model (class torchvision.models.resnet.ResNet)", e.Message);
        Assert.Contains("torch.save(m.state_dict(), 'OUT.pth')", e.Message);
    }

    [Fact]
    public void A_checkpoint_without_weights_fails_and_lists_its_keys()
    {
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(files["resnet18_no_weights.pth"]));
        Assert.Contains("a dict without weights", e.Message);
        Assert.Contains("epoch (int), optimizer (dict of 2)", e.Message);
    }

    [Fact]
    public void A_TorchScript_archive_fails_and_says_what_it_is()
    {
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(files["linear_torchscript.pt"]));
        Assert.Contains("TorchScript archive", e.Message);
        Assert.Contains("model.state_dict()", e.Message);
    }

    [Theory]
    [InlineData(2_000)]
    [InlineData(100_000_000)]
    public void A_truncated_legacy_file_fails_naming_the_file(int length)
    {
        var cut = Path.Combine(files.Folder, $"cut_{length}.pth");
        using (var source = File.OpenRead(files["resnet50_legacy.pth"]))
        using (var target = File.Create(cut))
        {
            var buffer = new byte[length];
            source.ReadExactly(buffer);
            target.Write(buffer);
        }
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(cut));
        Assert.Contains(cut, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    private static ClassifierModel Create(string architecture, string pretrained, int classes = 3) => ModelFactory.Create(
        new ModelConfig { Architecture = architecture, Pretrained = pretrained, InputSize = 299 }, classes, seed: 1, AppContext.BaseDirectory);

    /// <summary>Every backbone tensor equals the formula's value rounded to the model's dtype, bit for bit.</summary>
    private static void AssertFormulaWeights(nn.Module backbone)
    {
        var state = backbone.state_dict();
        var batchNorm = state.Keys.Where(k => k.EndsWith(".running_mean", StringComparison.Ordinal)).Select(k => k[..^".running_mean".Length]).ToHashSet();
        foreach (var (key, actual) in state)
        {
            using var formula = FormulaWeights.Tensor(key, actual.shape, batchNorm);
            using var expected = formula.to(actual.dtype);
            AssertSame(expected, actual, key);
        }
    }

    private static void AssertSame(Tensor expected, Tensor actual, string key)
    {
        Assert.True(expected.dtype == actual.dtype, $"{key}: dtype {actual.dtype}, expected {expected.dtype}");
        Assert.True(expected.shape.SequenceEqual(actual.shape), $"{key}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]");
        using var same = expected.equal(actual);
        using var all = same.all();
        Assert.True(all.item<bool>(), $"{key}: values differ from the formula");
    }
}

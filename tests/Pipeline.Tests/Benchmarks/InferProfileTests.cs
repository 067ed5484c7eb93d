using Pipeline.Benchmarks.Figures;
using Pipeline.Inference;
using Pipeline.Models;
using Pipeline.Tests.Inference;
using Xunit;

namespace Pipeline.Tests.Benchmarks;

[Collection(Pipeline.Tests.Models.GlobalRandomStateCollection.Name)]
public sealed class InferProfileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parts_are_per_forward_call_and_add_up_to_the_whole_call(bool channelsLast)
    {
        using var f = new InferenceFixtures(validationCount: 10);
        using var model = ModelFactory.Create(f.ModelConfig, InferenceFixtures.Classes.Length, 0, f.Directory);
        model.load(f.CheckpointPath);
        var views = new AugmentedViews(new InferenceFixtures.ViewNoise(), 3, true, false, 1, 0, 0);
        if (channelsLast)
        {
            ChannelsLast.Apply(model);
        }

        var split = InferProfile.Run(model, f.Validation, 4, views, channelsLast);

        Assert.Equal(3, split.Calls); // 10 images, 4 per call (the parts are per full call of 4)
        Assert.True(split.Augment > 0 && split.Forward > 0, $"{split}");
        Assert.True(channelsLast ? split.Layout > 0 : split.Layout >= 0, $"{split}");
        Assert.True(split.Rest >= 0, $"the parts exceed the whole call: {split}");
    }

    [Fact]
    public void Profiling_leaves_the_model_usable_and_its_predictions_unchanged()
    {
        using var f = new InferenceFixtures(validationCount: 10);
        using var model = ModelFactory.Create(f.ModelConfig, InferenceFixtures.Classes.Length, 0, f.Directory);
        model.load(f.CheckpointPath);
        var views = new AugmentedViews(new InferenceFixtures.ViewNoise(), 3, true, false, 1, 0, 0);
        var before = Predictor.Predict(model, f.Validation, 4, TorchSharp.torch.CPU, views);

        InferProfile.Run(model, f.Validation, 4, views, channelsLast: false);

        Assert.Equal(before, Predictor.Predict(model, f.Validation, 4, TorchSharp.torch.CPU, views));
    }
}

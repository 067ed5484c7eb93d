using System.Text.RegularExpressions;
using Pipeline.Tests.Support;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// Issue 16 part 6: a mistake that a late stage would hit fails the build before any stage runs. Each case is one
/// kind of reference from one experiment file to another. For each case the build exits with 2, no stage process
/// started, the store stays empty, and the error names the file, line and column of the key at fault.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CrossFileReferenceTests
{
    public static TheoryData<string, string, string, string, string> Mistakes => new()
    {
        // The issue's example: a member asks for a TTA version that tta.yaml does not compute.
        { "ensemble.yaml", "checkpoint: all_e2, tta: 0", "checkpoint: all_e2, tta: 1", "ensemble.yaml:3", "member asks for TTA version 1, which tta.yaml does not compute; its versions are -1, 0 (" },
        // A member's checkpoint is saved by training, but tta.yaml's selection (last 1) does not predict with it.
        { "tta.yaml", "last_k: 2", "last_k: 1", "ensemble.yaml:4", "member checkpoint 'head_e1' matches none of the checkpoints the Tta stage predicts with (tta.yaml checkpoints: last_k 1 (" },
        { "ensemble.yaml", "model: inception", "model: inceptoin", "ensemble.yaml:5", "member model 'inceptoin' matches no model; models: inception, resnet, student" },
        // tta.yaml names a checkpoint that some model does not save.
        { "tta.yaml", "checkpoints: last_k", "checkpoints: names\nnames: [all_e2]", "tta.yaml:7", "checkpoint 'all_e2' is not saved by every model the Tta stage predicts with: inception (" },
        // A phase names a preset that is not defined.
        { "resnet.yaml", "augment: tiny_flip", "augment: tiny_flipp", "resnet.yaml:13", "unknown augmentation preset 'tiny_flipp'; did you mean 'tiny_flip'?" },
        // A preset definition uses a preset that is not defined (the stage would fail building its augmenter).
        { "augmentations.yaml", "    - fliplr: {p: 0.5}", "    - fliplr: {p: 0.5}\n    - preset: affine_cp66", "augmentations.yaml:4", "preset 'tiny_flip' uses unknown augmentation preset 'affine_cp66'; did you mean 'affine_cp6'?" },
        // A preset definition that uses itself.
        { "augmentations.yaml", "    - fliplr: {p: 0.5}", "    - fliplr: {p: 0.5}\n    - sometimes: {p: 0.5, then: [preset: tiny_flip]}", "augmentations.yaml:3", "preset 'tiny_flip' refers to itself: tiny_flip -> tiny_flip" },
        // The pseudolabel teacher names a model that is not trained.
        { "pseudolabel.yaml", "models: [inception, resnet]", "models: [inception, resnet50]", "pseudolabel.yaml:2", "unknown teacher model 'resnet50'; the trained models are 'inception' and 'resnet'" },
        // A flattening head is built for another image size than the data is prepared at.
        { "inception.yaml", "input_size: 32\n  head: {kind: original, hidden: 16, dropout: 0.5, pooling: avg}", "input_size: 48\n  head: {kind: original, hidden: 16, dropout: 0.5, pooling: flatten}", "inception.yaml:3", "model.input_size 48 differs from the size the data is prepared at, image_size 32 (" },
        // A weights file that does not exist (training would stop there, after Preprocess).
        { "inception.yaml", "architecture: tiny_cnn", "architecture: tiny_cnn\n  pretrained: weights/missing.pth", "inception.yaml:3", "TrainInception reads 'weights/missing.pth', which does not exist" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_broken_reference_fails_the_build_with_exit_2_and_file_line_before_any_stage_runs(string file, string from, string to, string fileLine, string message)
    {
        using var tiny = new TinyExperiment();
        tiny.Edit(file, from, to);

        var run = tiny.Build("Ensemble");

        Assert.True(run.ExitCode == 2, BuildLog.Describe(run));
        Assert.Empty(BuildLog.Started(run));
        Assert.Empty(ArtifactsCopy.StoreEntries(tiny.Artifacts));
        Assert.False(Directory.Exists(tiny.ArtifactPath("logs")), "a stage log was written");
        var location = $"{tiny.Directory.Replace('\\', '/')}/{fileLine}";
        Assert.Matches(new Regex($@"(?m)^error: {Regex.Escape(location)}:\d+: {Regex.Escape(message)}"), run.Error);
    }
}

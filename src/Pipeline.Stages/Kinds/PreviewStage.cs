using Pipeline.Augmentation;
using Pipeline.Data.Preprocess;
using Pipeline.Data.Shards;
using Pipeline.Engine;
using Pipeline.Stages.Experiments;
using Pipeline.Stages.Graph;
using TorchSharp;

namespace Pipeline.Stages.Kinds;

/// <summary>
/// Preview: one PNG grid per preset (rows: training images, one per class first; columns: the original, then augmented
/// copies), and <see cref="PreviewFile"/> listing them in the configured order.
/// </summary>
internal sealed class PreviewStage : IStage
{
    public Task RunAsync(StageContext context)
    {
        TorchSetup.Configure(context);
        var parameters = new StageParameters(context);
        var preview = parameters.Section<PreviewConfig>("preview");
        var presets = parameters.Presets();
        using var shard = Shard.Open(Path.Combine(context.UpstreamDirectory(PipelineGraph.PreprocessRun), PreprocessFiles.TrainShard));

        // One image of each class in class order, so a grid shows the variety of the data set.
        var picked = new List<int>();
        for (var label = 0; label < shard.Classes.Count && picked.Count < preview.Images; label++)
        {
            for (var i = 0; i < shard.Count; i++)
            {
                if (shard.Labels[i] == label)
                {
                    picked.Add(i);
                    break;
                }
            }
        }

        var bytes = new byte[picked.Count * shard.ImageBytes];
        shard.CopyImages(picked.ToArray(), bytes);
        using var images = torch.tensor(bytes, [picked.Count, shard.Channels, shard.Height, shard.Width], torch.uint8);
        var files = new List<string>();
        foreach (var name in preview.Presets)
        {
            var file = $"preview_{name}.png";
            using (torch.NewDisposeScope())
            {
                AugmentationPreview.WritePng(images, presets.Create(name), preview.Seed, preview.Copies, Path.Combine(context.OutputDirectory, file));
            }

            files.Add(file);
            context.Log.WriteLine($"preview: {file}");
        }

        new PreviewFile(preview.Presets, files, picked.Select(i => shard.Ids[i]).ToList()).Write(context.OutputDirectory);
        return Task.CompletedTask;
    }
}

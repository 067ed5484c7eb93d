using Pipeline.Data.Preprocess;
using Pipeline.Data.Shards;
using Pipeline.Engine;
using Pipeline.Ensembling.Predictions;
using Pipeline.Ensembling.Pseudolabels;
using Pipeline.Inference;
using Pipeline.Models;
using Pipeline.Stages.Experiments;
using Pipeline.Stages.Graph;
using Pipeline.Training;
using Pipeline.Training.Data;
using TorchSharp;

namespace Pipeline.Stages.Kinds;

/// <summary>
/// Pseudolabel: the teacher (mean probabilities of the teacher models' last checkpoints) labels the test
/// images it is sure of; a student trains on the training split plus those. Only the test split is ever
/// pseudo-labelled: the selector refuses any other split, and validation stays untouched for scoring.
/// </summary>
internal sealed class PseudolabelStage : IStage
{
    public Task RunAsync(StageContext context)
    {
        var parameters = new StageParameters(context);
        var (model, pretrainedDirectory) = parameters.Model();
        var config = new PseudolabelConfig
        {
            Teacher = parameters.Section<TeacherConfig>("teacher"),
            Selection = parameters.Section<PseudolabelRule>("selection"),
            Model = model,
            Training = parameters.Section<Pipeline.Training.Configuration.TrainConfig>("training"),
        };
        var presets = parameters.Presets();
        var device = TorchSetup.Configure(context);
        var preprocess = context.UpstreamDirectory(PipelineGraph.PreprocessRun);
        using var train = Shard.Open(Path.Combine(preprocess, PreprocessFiles.TrainShard));
        using var validation = Shard.Open(Path.Combine(preprocess, PreprocessFiles.ValidationShard));
        using var test = Shard.Open(Path.Combine(preprocess, PreprocessFiles.TestShard));

        var teachers = config.Teacher.Models.Select(m => TrainedModel.Read(m, context.UpstreamDirectory(PipelineGraph.TrainRunOf(m)))).ToList();
        var teacherValidation = TeacherProbabilities(teachers, validation, config.Training.EvalBatchSize, device);
        var teacherTest = TeacherProbabilities(teachers, test, config.Training.EvalBatchSize, device);
        var teacherAccuracy = Predictor.Accuracy(teacherValidation, validation.Labels, validation.Classes.Count);
        context.Log.WriteLine($"pseudolabel: teacher ({string.Join(" + ", teachers.Select(t => $"{t.Name}/{t.Last.Name}"))}) validation accuracy {teacherAccuracy:0.0000}");

        var selection = PseudolabelSelector.Select(
            new PredictionSet("teacher", "last", PredictionSetExtensions.PlainTtaVersion, PseudolabelSelector.TestSplit, test.Ids, test.Classes, teacherTest, test.Labels),
            config.Selection);
        var index = test.Ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var extra = new ExtraSamples(test, selection.Items.Select(p => index[p.Id]).ToList(), selection.Items.Select(p => p.Label).ToList());
        context.Log.WriteLine($"pseudolabel: {selection.Items.Count} of {test.Count} test images taken ({Describe(config.Selection)})");

        var options = StageTrainingOptions.For(context, presets, device, pretrainedDirectory, config.Training.BatchSize);
        var result = TrainRunner.Run(config.Training, config.Model, new TrainingData(train, validation, extra), context.OutputDirectory, options);
        var studentAccuracy = result.Checkpoints.Count > 0 ? result.Checkpoints.MaxBy(c => c.Epoch)!.ValAccuracy : (double?)null;
        new PseudolabelsFile(
            Describe(config.Selection),
            test.Count,
            selection.Items.Count,
            selection.Classes,
            selection.CountsPerClass,
            teachers.Select(t => $"{t.Name}/{t.Last.Name}").ToList(),
            teacherAccuracy,
            studentAccuracy).Write(context.OutputDirectory);
        context.Log.WriteLine($"pseudolabel: student validation accuracy {studentAccuracy:0.0000} against the teacher's {teacherAccuracy:0.0000}");
        return Task.CompletedTask;
    }

    public static string Describe(PseudolabelRule rule) =>
        rule.Threshold is { } t ? $"teacher confidence >= {t}" : $"top {rule.TopFraction:P0} per predicted class";

    private static float[] TeacherProbabilities(IReadOnlyList<TrainedModel> teachers, Shard shard, int batchSize, torch.Device device)
    {
        var classes = shard.Classes.Count;
        var sum = new float[shard.Count * classes];
        foreach (var teacher in teachers)
        {
            using var network = ModelFactory.Create(teacher.Config, classes, 0, Path.Combine(AppContext.BaseDirectory, "pretrained"));
            network.to(device);
            network.load(teacher.Last.Path);
            var probabilities = Predictor.Predict(network, shard, batchSize, device);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += probabilities[i] / teachers.Count;
            }
        }

        return sum;
    }
}

using System.Text.Json.Nodes;
using Pipeline.Cli;
using Pipeline.Config;
using Pipeline.Data;
using Pipeline.Engine;
using Pipeline.Stages.Experiments;
using Pipeline.Training.Config;

namespace Pipeline.Stages.Graph;

/// <summary>
/// Turns an experiment into the engine's graph: targets from the build class, and the stage runs of each
/// target with exactly the parameters they read, where those came from, and their upstream runs.
/// </summary>
public static class PipelineGraph
{
    public const string SynthesizeRun = "Preprocess/synthesize";
    public const string PreprocessRun = "Preprocess";
    public const string PseudolabelRun = "Pseudolabel";
    public const string EnsembleRun = "Ensemble";
    public const string PreviewRun = "Preview";
    public const string ReportRun = "Report";

    /// <summary>Run id of the training run of a model (<c>TrainResnet</c>, <c>TrainInception</c>, or <c>Pseudolabel</c> for the student).</summary>
    public static string TrainRunOf(string model) => model switch
    {
        ModelNames.Inception => "TrainInception",
        ModelNames.Resnet => "TrainResnet",
        ModelNames.Student => PseudolabelRun,
        _ => throw new ArgumentException($"unknown model '{model}'", nameof(model)),
    };

    public static string TtaRunOf(string model) => $"Tta/{model}";

    public static IReadOnlyList<string> Models => [ModelNames.Inception, ModelNames.Resnet, ModelNames.Student];

    public static BuildGraph Create(Experiment experiment, IReadOnlyList<TargetInfo> targets, int threads, string device)
    {
        var definitions = targets
            .Where(t => t.IsStage)
            .Select(t => new TargetDefinition(t.Name, t.Description, t.DependsOn.Where(d => targets.Single(x => x.Name == d).IsStage).ToList()))
            .ToList();

        var runs = new List<StageRun>();
        var runtime = new ParameterSet()
            .Add(AddedParameters.Threads, JsonValue.Create(threads), "--threads")
            .Add(AddedParameters.Device, JsonValue.Create(device), "--device");

        runs.AddRange(DataRuns(experiment));
        runs.Add(TrainRun(experiment, ModelNames.Inception, experiment.Inception, "inception.yaml", runtime));
        runs.Add(TrainRun(experiment, ModelNames.Resnet, experiment.Resnet, "resnet.yaml", runtime));
        runs.Add(PseudolabelStageRun(experiment, runtime));
        runs.AddRange(Models.Select(model => TtaRun(experiment, model, runtime)));
        runs.Add(EnsembleStageRun(experiment));
        runs.Add(PreviewStageRun(experiment));
        runs.Add(ReportStageRun(experiment));
        return new BuildGraph(definitions, runs);
    }

    private static IEnumerable<StageRun> DataRuns(Experiment experiment)
    {
        var file = experiment.FileName("data.yaml");
        var data = experiment.Data;
        var sections = new[] { "synthetic", "competition", "folders", "fashion_mnist" };
        var selected = data.Source;

        // Preprocess reads only the section of the selected source, and never the machine's data path:
        // the data's content enters the key through the run's inputs (or the synthesize run's output) instead.
        var parameters = new ParameterSet().AddRecord(data, file, sections);
        var section = ConfigJson.ToJson(SourceSection(data));
        var upstream = new List<string>();
        var inputs = new List<string>();
        if (selected == DataConfig.SyntheticSource)
        {
            yield return Run(experiment, "Preprocess", SynthesizeRun, StageKinds.Synthesize, new ParameterSet().AddRecord(data.Synthetic, file, yamlPath: "synthetic"), [], [], [new PublishLink("data/synthetic")]);
            upstream.Add(SynthesizeRun);
        }
        else
        {
            inputs.Add(section["root"]?.GetValue<string>() ?? section["path"]?.GetValue<string>() ?? "");
            section.Remove("root");
            section.Remove("path");
        }

        parameters.Add(selected, section, file, selected);
        yield return Run(experiment, "Preprocess", PreprocessRun, StageKinds.Preprocess, parameters, upstream, inputs, [new PublishLink("data/preprocessed")]);
    }

    private static object SourceSection(DataConfig data) => data.Source switch
    {
        DataConfig.CompetitionSource => data.Competition,
        DataConfig.FoldersSource => data.Folders,
        DataConfig.FashionMnistSource => data.FashionMnist,
        _ => data.Synthetic,
    };

    private static StageRun TrainRun(Experiment experiment, string model, ModelTrainingConfig config, string file, ParameterSet runtime)
    {
        var parameters = new ParameterSet().AddRecord(config, experiment.FileName(file));
        AddRuntime(parameters, runtime);
        parameters.Add(AddedParameters.Name, JsonValue.Create(model), "pipeline");
        AddPresets(experiment, parameters, config.Training.Phases.Select(p => p.Augment));
        var weights = WeightFiles(config.Model);
        WeightsAsInput(parameters, weights);
        return Run(experiment, TrainRunOf(model), TrainRunOf(model), StageKinds.Train, parameters, [PreprocessRun], weights, [new PublishLink($"models/{model}")]);
    }

    private static StageRun PseudolabelStageRun(Experiment experiment, ParameterSet runtime)
    {
        var config = experiment.Pseudolabel;
        var parameters = new ParameterSet().AddRecord(config, experiment.FileName("pseudolabel.yaml"));
        AddRuntime(parameters, runtime);
        parameters.Add(AddedParameters.Name, JsonValue.Create(ModelNames.Student), "pipeline");
        AddPresets(experiment, parameters, config.Training.Phases.Select(p => p.Augment));
        var upstream = new List<string> { PreprocessRun };
        upstream.AddRange(config.Teacher.Models.Select(TrainRunOf));
        var weights = WeightFiles(config.Model);
        WeightsAsInput(parameters, weights);
        return Run(experiment, "Pseudolabel", PseudolabelRun, StageKinds.Pseudolabel, parameters, upstream, weights, [new PublishLink($"models/{ModelNames.Student}")]);
    }

    private static StageRun TtaRun(Experiment experiment, string model, ParameterSet runtime)
    {
        var parameters = new ParameterSet().AddRecord(experiment.Tta, experiment.FileName("tta.yaml"));
        AddRuntime(parameters, runtime);
        parameters.Add(AddedParameters.Name, JsonValue.Create(model), "pipeline");
        AddPresets(experiment, parameters, experiment.Tta.Presets);
        return Run(experiment, "Tta", TtaRunOf(model), StageKinds.Tta, parameters, [PreprocessRun, TrainRunOf(model)], [], [new PublishLink($"predictions/{model}")]);
    }

    private static StageRun EnsembleStageRun(Experiment experiment)
    {
        var parameters = new ParameterSet().AddRecord(experiment.Ensemble, experiment.FileName("ensemble.yaml"));
        var upstream = new List<string> { PreprocessRun };
        upstream.AddRange(Models.Select(TtaRunOf));
        return Run(experiment, "Ensemble", EnsembleRun, StageKinds.Ensemble, parameters, upstream, [], [new PublishLink("submission.csv", "submission.csv"), new PublishLink("ensemble")]);
    }

    private static StageRun PreviewStageRun(Experiment experiment)
    {
        var preview = experiment.Augmentations.Preview;
        var parameters = new ParameterSet().Add("preview", preview, experiment.FileName("augmentations.yaml"), "preview");
        AddPresets(experiment, parameters, preview.Presets);
        return Run(experiment, "Preview", PreviewRun, StageKinds.Preview, parameters, [PreprocessRun], [], [new PublishLink("preview")]);
    }

    private static StageRun ReportStageRun(Experiment experiment)
    {
        var parameters = new ParameterSet()
            .Add("name", JsonValue.Create(experiment.Pipeline.Name), experiment.FileName("pipeline.yaml"), "name")
            .Add("description", JsonValue.Create(experiment.Pipeline.Description), experiment.FileName("pipeline.yaml"), "description")
            .Add("ensemble", experiment.Ensemble, experiment.FileName("ensemble.yaml"), "");
        var upstream = new List<string> { PreprocessRun, TrainRunOf(ModelNames.Inception), TrainRunOf(ModelNames.Resnet), PseudolabelRun };
        upstream.AddRange(Models.Select(TtaRunOf));
        upstream.Add(EnsembleRun);
        upstream.Add(PreviewRun);
        return Run(experiment, "Report", ReportRun, StageKinds.Report, parameters, upstream, [], [new PublishLink("report")]);
    }

    /// <summary>A state-dict file named as pretrained weights is an input: its content, not its path, belongs in the key.</summary>
    private static IReadOnlyList<string> WeightFiles(Pipeline.Models.ModelConfig model) =>
        model.Pretrained is "none" or Pipeline.Models.ModelFactory.MlNetResNet18 ? [] : [model.Pretrained];

    /// <summary>
    /// A weights file's path is the machine's business: the parameter says only that the weights are the run's
    /// input (<see cref="PretrainedInput"/>), and the file enters the key by content, under a name that holds no
    /// machine path (see the engine's input names).
    /// </summary>
    private static void WeightsAsInput(ParameterSet parameters, IReadOnlyList<string> weights)
    {
        if (weights.Count > 0 && parameters.Values["model"] is JsonObject model)
        {
            model["pretrained"] = PretrainedInput;
        }
    }

    /// <summary>The <c>model.pretrained</c> parameter of a run whose weights file is its input.</summary>
    public const string PretrainedInput = "input";

    private static void AddRuntime(ParameterSet parameters, ParameterSet runtime)
    {
        foreach (var (key, value) in runtime.Values)
        {
            parameters.Add(key, value?.DeepClone(), runtime.Sources[key]);
        }
    }

    /// <summary>The definitions of the presets a run uses enter its parameters, so editing one preset reruns only its users.</summary>
    private static void AddPresets(Experiment experiment, ParameterSet parameters, IEnumerable<string> names)
    {
        var presets = experiment.Presets;
        var used = new JsonObject();
        // Presets a preset uses (preset: name ops) shape its ops too: their definitions belong in the key as well.
        foreach (var name in Pipeline.Augmentation.PresetReferences.Closure(names, presets))
        {
            used[name] = ConfigJson.ToNode(presets.Resolve(name));
        }

        parameters.Add(AddedParameters.Presets, used, experiment.FileName("augmentations.yaml"), "presets");
    }

    private static StageRun Run(Experiment experiment, string target, string runId, string kind, ParameterSet parameters, IReadOnlyList<string> upstream, IReadOnlyList<string> inputs, IReadOnlyList<PublishLink> publish) =>
        new(target, runId, kind)
        {
            Parameters = parameters.Values,
            ParameterSources = parameters.MarkOverrides(experiment.Overrides, experiment.FileName).Sources,
            Upstream = upstream,
            Inputs = inputs,
            Code = CodeIdentity.For(kind),
            Publish = publish,
        };
}

using System.Text.Json.Nodes;
using Pipeline.Cli;
using Pipeline.Config;
using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Engine;
using Pipeline.Inference;
using Pipeline.Inference.Configuration;
using Pipeline.Models.Configuration;
using Pipeline.Stages.Experiments;
using Pipeline.Training.Configuration;

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

    /// <summary>Run id (and target) of the training run of a model with role train: <c>TrainResnet</c>, <c>TrainInception2</c>.</summary>
    public static string TrainRunOf(string model) => $"Train{ModelNames.TargetName(model)}";

    public static string TtaRunOf(string model) => $"Tta/{model}";

    /// <summary>
    /// Every model of the experiment that gets a Tta run, in pipeline.yaml's order, with the run that trains it and its
    /// resolved Tta configuration. With <c>checkpoints: ensemble</c> a model no ensemble member uses gets none.
    /// </summary>
    public static IReadOnlyList<(string Name, string TrainRun, TtaConfig Tta)> Models(Experiment experiment) =>
        experiment.Pipeline.Models
            .Select(m => (m.Name, Run: m.Role == ModelEntryConfig.StudentRole ? PseudolabelRun : TrainRunOf(m.Name), Tta: EnsembleTtaPlan.Resolve(experiment, m.Name)))
            .Where(m => m.Tta is not null)
            .Select(m => (m.Name, m.Run, m.Tta!))
            .ToList();

    /// <summary>The targets the experiment's models give the build's <c>Train</c> template: one per trained model.</summary>
    public static IReadOnlyList<TargetInstance> TrainTargets(IReadOnlyList<ModelEntryConfig> models) =>
        models.Where(m => m.Role == ModelEntryConfig.TrainRole)
            .Select(m => new TargetInstance(TrainRunOf(m.Name), $"Train model '{m.Name}' through its phases ({m.File})"))
            .ToList();

    /// <summary>The <c>Pseudolabel</c> target when the experiment has a student; none otherwise.</summary>
    public static IReadOnlyList<TargetInstance> PseudolabelTargets(IReadOnlyList<ModelEntryConfig> models) =>
        models.Where(m => m.Role == ModelEntryConfig.StudentRole)
            .Select(m => new TargetInstance(PseudolabelRun, $"Label confident test images with the models' ensemble; train the student '{m.Name}' ({m.File})"))
            .ToList();

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
        runs.AddRange(experiment.Trained.Select(model => TrainRun(experiment, model, runtime)));
        if (experiment.Student is { } student)
        {
            runs.Add(PseudolabelStageRun(experiment, student, runtime));
        }

        runs.AddRange(Models(experiment).Select(model => TtaRun(experiment, model.Name, model.TrainRun, model.Tta, runtime)));
        runs.Add(EnsembleStageRun(experiment));
        runs.Add(PreviewStageRun(experiment));
        runs.Add(ReportStageRun(experiment));
        return new BuildGraph(definitions, runs.Select(run => run with { Cores = CoresOf(run.Kind, threads) }).ToList());
    }

    /// <summary>
    /// The cores a run of <paramref name="kind"/> keeps busy, which the scheduler counts against the core budget:
    /// the torch stages their <c>--threads</c>; Synthesize and Preprocess spread their images over every core they are
    /// given; Ensemble and Report compute on one thread.
    /// </summary>
    public static int CoresOf(string kind, int threads) => kind switch
    {
        StageKinds.Train or StageKinds.Pseudolabel or StageKinds.Tta or StageKinds.Preview => threads,
        StageKinds.Synthesize or StageKinds.Preprocess => StageRun.AllCores,
        _ => 1,
    };

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

    private static StageRun TrainRun(Experiment experiment, ExperimentModel model, ParameterSet runtime)
    {
        var config = model.Config;
        var parameters = new ParameterSet().AddRecord(config, experiment.FileName(model.File));
        AddRuntime(parameters, runtime);
        parameters.Add(AddedParameters.Name, JsonValue.Create(model.Name), "pipeline");
        AddPresets(experiment, parameters, config.Training.Phases.Select(p => p.Augment));
        var weights = WeightFiles(config.Model);
        WeightsAsInput(parameters, weights);
        return Run(experiment, model.Target, model.Target, StageKinds.Train, parameters, [PreprocessRun], weights, [new PublishLink($"models/{model.Name}")]);
    }

    private static StageRun PseudolabelStageRun(Experiment experiment, ExperimentStudent student, ParameterSet runtime)
    {
        var config = student.Config;
        var parameters = new ParameterSet().AddRecord(config, experiment.FileName(student.File));
        AddRuntime(parameters, runtime);
        parameters.Add(AddedParameters.Name, JsonValue.Create(student.Name), "pipeline");
        AddPresets(experiment, parameters, config.Training.Phases.Select(p => p.Augment));
        var upstream = new List<string> { PreprocessRun };
        upstream.AddRange(config.Teacher.Models.Select(TrainRunOf));
        var weights = WeightFiles(config.Model);
        WeightsAsInput(parameters, weights);
        return Run(experiment, "Pseudolabel", PseudolabelRun, StageKinds.Pseudolabel, parameters, upstream, weights, [new PublishLink($"models/{student.Name}")]);
    }

    private static StageRun TtaRun(Experiment experiment, string model, string trainRun, TtaConfig tta, ParameterSet runtime)
    {
        ParameterSet parameters;
        if (tta.CheckpointVersions is null)
        {
            parameters = new ParameterSet().AddRecord(tta, experiment.FileName("tta.yaml"), ["checkpoint_versions"]);
        }
        else
        {
            // checkpoints: ensemble, resolved: the selection comes from ensemble.yaml's members, and a plan says so.
            string[] selection = ["checkpoints", "names", "checkpoint_versions"];
            parameters = new ParameterSet().AddRecord(tta, experiment.FileName("tta.yaml"), selection);
            var resolved = ConfigJson.ToJson(tta);
            foreach (var key in selection)
            {
                parameters.Add(key, resolved[key]?.DeepClone(), experiment.FileName("ensemble.yaml"));
            }
        }

        AddRuntime(parameters, runtime);
        parameters.Add(AddedParameters.Name, JsonValue.Create(model), "pipeline");
        AddPresets(experiment, parameters, experiment.Tta.Presets);
        return Run(experiment, "Tta", TtaRunOf(model), StageKinds.Tta, parameters, [PreprocessRun, trainRun], [], [new PublishLink($"predictions/{model}")]);
    }

    private static StageRun EnsembleStageRun(Experiment experiment)
    {
        var parameters = new ParameterSet().AddRecord(experiment.Ensemble, experiment.FileName("ensemble.yaml"));
        var upstream = new List<string> { PreprocessRun };
        upstream.AddRange(Models(experiment).Select(m => TtaRunOf(m.Name)));
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
        var upstream = new List<string> { PreprocessRun };
        upstream.AddRange(experiment.Trained.Select(m => m.Target));
        if (experiment.Student is not null)
        {
            upstream.Add(PseudolabelRun);
        }

        upstream.AddRange(Models(experiment).Select(m => TtaRunOf(m.Name)));
        upstream.Add(EnsembleRun);
        upstream.Add(PreviewRun);
        return Run(experiment, "Report", ReportRun, StageKinds.Report, parameters, upstream, [], [new PublishLink("report")]);
    }

    /// <summary>A state-dict file named as pretrained weights is an input: its content, not its path, belongs in the key.</summary>
    private static IReadOnlyList<string> WeightFiles(Pipeline.Models.Configuration.ModelConfig model) =>
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

using Pipeline.Cli;
using Pipeline.Config;
using Pipeline.Data;
using Pipeline.Ensembling.Configuration;
using Pipeline.Inference;

namespace Pipeline.Stages.Experiments;

/// <summary>
/// Loads an experiment folder and checks it whole before any stage runs: every YAML error of every
/// file, then the rules that span files (presets named by phases exist, ensemble members match
/// checkpoints the training configs will save). All problems are reported together as a <see cref="ConfigException"/>.
/// </summary>
public static class ExperimentLoader
{
    /// <summary>The files every experiment has besides its models' files; optional ones fall back to defaults when absent.</summary>
    public static readonly IReadOnlyList<(string File, bool Required)> FixedFiles =
    [
        ("pipeline.yaml", false),
        ("data.yaml", true),
        ("augmentations.yaml", false),
        ("tta.yaml", true),
        ("ensemble.yaml", true),
    ];

    /// <summary>The files of an experiment with these models: the fixed ones, each model's file (required) after augmentations.yaml.</summary>
    public static IReadOnlyList<(string File, bool Required)> Files(IReadOnlyList<ModelEntryConfig> models) =>
        [.. FixedFiles.Take(3), .. models.Select(m => (m.File, true)), .. FixedFiles.Skip(3)];

    /// <summary>
    /// The models pipeline.yaml lists, read alone before the command line is parsed (they decide the targets);
    /// the default list when the folder or the file cannot be read: the full load reports why.
    /// </summary>
    public static IReadOnlyList<ModelEntryConfig> ModelList(string path, string repositoryRoot)
    {
        var file = Path.Combine(Resolve(path, repositoryRoot), "pipeline.yaml");
        if (!File.Exists(file))
        {
            return PipelineConfig.DefaultModels;
        }

        try
        {
            var errors = new List<ConfigError>();
            return ConfigDocument.Load(file, repositoryRoot).TryBind<PipelineConfig>(null, errors, out var config) && errors.Count == 0
                ? config.Models
                : PipelineConfig.DefaultModels;
        }
        catch (ConfigException)
        {
            return PipelineConfig.DefaultModels;
        }
    }

    /// <summary>Resolves a user's experiment path: relative to the working folder when it exists there, else to the repository.</summary>
    public static string Resolve(string path, string repositoryRoot)
    {
        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }

        var fromWorkingDirectory = Path.GetFullPath(path);
        return System.IO.Directory.Exists(fromWorkingDirectory) ? fromWorkingDirectory : Path.GetFullPath(Path.Combine(repositoryRoot, path));
    }

    public static Experiment Load(string path, string repositoryRoot)
    {
        var directory = Resolve(path, repositoryRoot);
        var display = DisplayPath(directory, repositoryRoot);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new ConfigException([new ConfigError(display, 0, 0, "", $"experiment folder '{path}' does not exist")]);
        }

        var errors = new List<ConfigError>();
        var documents = new Dictionary<string, ConfigDocument?>();
        void Read(string file, bool required, IReadOnlyList<(string File, bool Required)> all)
        {
            var full = Path.Combine(directory, file);
            if (!File.Exists(full))
            {
                if (required)
                {
                    errors.Add(new ConfigError($"{display}/{file}", 0, 0, "", $"missing experiment file {file} (this experiment needs {string.Join(", ", all.Where(f => f.Required).Select(f => f.File))})"));
                }

                documents[file] = null;
                return;
            }

            try
            {
                documents[file] = ConfigDocument.Load(full, repositoryRoot);
            }
            catch (ConfigException e)
            {
                errors.AddRange(e.Errors);
                documents[file] = null;
            }
        }

        T Bind<T>(string file)
            where T : new()
        {
            if (documents[file] is { } document && document.TryBind<T>(null, errors, out var value))
            {
                return value;
            }

            return new T();
        }

        // pipeline.yaml first: its models decide which other files the experiment has.
        Read("pipeline.yaml", false, FixedFiles);
        var pipeline = Bind<PipelineConfig>("pipeline.yaml");
        var files = Files(pipeline.Models);
        CheckForStrayFiles(directory, display, files, errors);
        foreach (var (file, required) in files.Where(f => f.File != "pipeline.yaml"))
        {
            Read(file, required, files);
        }

        var experiment = new Experiment
        {
            Directory = directory,
            DisplayDirectory = display,
            Pipeline = pipeline,
            Data = Bind<DataConfig>("data.yaml"),
            Augmentations = Bind<AugmentationsConfig>("augmentations.yaml"),
            Trained = pipeline.Models
                .Where(m => m.Role == ModelEntryConfig.TrainRole)
                .Select(m => new ExperimentModel(m.Name, m.File, Bind<ModelTrainingConfig>(m.File)))
                .ToList(),
            Student = pipeline.Models
                .Where(m => m.Role == ModelEntryConfig.StudentRole)
                .Select(m => new ExperimentStudent(m.Name, m.File, Bind<PseudolabelConfig>(m.File)))
                .FirstOrDefault(),
            Tta = Bind<TtaConfig>("tta.yaml"),
            Ensemble = Bind<EnsembleConfig>("ensemble.yaml"),
        };

        if (errors.Count == 0)
        {
            ExperimentRules.Check(experiment, documents, errors);
        }

        ConfigException.ThrowIfAny(errors);
        return experiment;
    }

    /// <summary>The path users see: relative to the repository when inside it, with '/' separators.</summary>
    public static string DisplayPath(string directory, string repositoryRoot)
    {
        var relative = Path.GetRelativePath(repositoryRoot, directory);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? directory : relative).Replace('\\', '/');
    }

    private static void CheckForStrayFiles(string directory, string display, IReadOnlyList<(string File, bool Required)> files, List<ConfigError> errors)
    {
        var known = files.Select(f => f.File).ToList();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.y*ml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (file is not null && !known.Contains(file))
            {
                var suggestion = ClosestMatch.Find(file, known);
                errors.Add(new ConfigError(
                    $"{display}/{file}",
                    0,
                    0,
                    "",
                    suggestion is null
                        ? $"unknown experiment file '{file}'; this experiment has: {string.Join(", ", known)} (a model's file must be listed under models: in pipeline.yaml)"
                        : $"unknown experiment file '{file}'; did you mean '{suggestion}'?"));
            }
        }
    }
}

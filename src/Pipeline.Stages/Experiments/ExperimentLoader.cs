using Pipeline.Cli;
using Pipeline.Config;
using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Ensembling.Configuration;
using Pipeline.Foundation;
using Pipeline.Inference;
using Pipeline.Inference.Configuration;

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
    /// The models of the experiment a command line names, with its overrides, read before the targets are known (they
    /// decide them). When the experiment does not load, pipeline.yaml's list alone, or the default list: the build's
    /// own load then reports the problems.
    /// </summary>
    public static IReadOnlyList<ModelEntryConfig> ModelList(BuildOptions options, string repositoryRoot)
    {
        try
        {
            return Load(options.Experiment, repositoryRoot, ConfigOverrides.Read(options.OverrideFiles, options.Set, repositoryRoot)).Pipeline.Models;
        }
        catch (Exception e) when (e is ConfigException or IOException)
        {
            return ModelList(options.Experiment, repositoryRoot);
        }
    }

    /// <summary>The models pipeline.yaml lists, read alone; the default list when the folder or the file cannot be read.</summary>
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

    /// <summary>
    /// Loads the experiment at <paramref name="path"/> with <paramref name="overrides"/> put into its files' YAML
    /// before binding, so an override is checked like the files' own text and reaches every rule below.
    /// </summary>
    /// <exception cref="ConfigException">Every problem of the files, the overrides and the rules that span files.</exception>
    public static Experiment Load(string path, string repositoryRoot, IReadOnlyList<ConfigOverride>? overrides = null)
    {
        overrides ??= [];
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
            var fileOverrides = overrides.Where(o => o.File == file).ToList();
            if (!File.Exists(full))
            {
                if (required)
                {
                    errors.Add(new ConfigError($"{display}/{file}", 0, 0, "", $"missing experiment file {file} (this experiment needs {string.Join(", ", all.Where(f => f.Required).Select(f => f.File))})"));
                }

                // An optional file that is absent reads as empty; overrides may still set its keys.
                documents[file] = !required && fileOverrides.Count > 0 ? ConfigDocument.Empty($"{display}/{file}").WithOverrides(fileOverrides, errors) : null;
                return;
            }

            try
            {
                documents[file] = ConfigDocument.Load(full, repositoryRoot, OverridesOfBase).WithOverrides(fileOverrides, errors);
            }
            catch (ConfigException e)
            {
                errors.AddRange(e.Errors);
                documents[file] = null;
            }
        }

        // An override of one of this experiment's files reaches the files that extend it. A base outside the folder
        // has no overrides: they name files here.
        IReadOnlyList<ConfigOverride> OverridesOfBase(string basePath)
        {
            var name = Path.GetFileName(basePath);
            return Path.GetFullPath(Path.Combine(directory, name)) == basePath ? overrides.Where(o => o.File == name).ToList() : [];
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
        CheckOverrideFiles(overrides, files, errors);
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
            Overrides = overrides,
            Documents = documents,
        };

        if (errors.Count == 0)
        {
            ExperimentRules.Check(experiment, documents, errors);
        }

        // Files that extend the same base each bind its values: a bad value in the base (or an override of it) is
        // found once per such file, at the same place, and reported once.
        ConfigException.ThrowIfAny(errors.Distinct());
        return experiment;
    }

    /// <summary>The path users see: relative to the repository when inside it, with '/' separators.</summary>
    public static string DisplayPath(string directory, string repositoryRoot)
    {
        var relative = Path.GetRelativePath(repositoryRoot, directory);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? directory : relative).Replace('\\', '/');
    }

    /// <summary>An override names an experiment file by its name alone (<c>resnet.yaml</c>); anything else gets a close match.</summary>
    private static void CheckOverrideFiles(IReadOnlyList<ConfigOverride> overrides, IReadOnlyList<(string File, bool Required)> files, List<ConfigError> errors)
    {
        var known = files.Select(f => f.File).ToList();
        foreach (var file in overrides.Select(o => o.File).Distinct(StringComparer.Ordinal))
        {
            if (known.Contains(file))
            {
                continue;
            }

            var name = Path.GetFileName(file);
            var suggestion = known.Contains(name) ? name : Suggestions.Closest(file, known);
            var message = suggestion is null
                ? $"unknown experiment file '{file}'; an experiment has: {string.Join(", ", known)}"
                : known.Contains(name)
                    ? $"name the experiment file alone, '{name}', not '{file}' (--experiment picks the folder)"
                    : $"unknown experiment file '{file}'; did you mean '{suggestion}'?";
            errors.Add(overrides.First(o => o.File == file).FileError(message));
        }
    }

    private static void CheckForStrayFiles(string directory, string display, IReadOnlyList<(string File, bool Required)> files, List<ConfigError> errors)
    {
        var known = files.Select(f => f.File).ToList();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.y*ml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (file is not null && !known.Contains(file))
            {
                var suggestion = Suggestions.Closest(file, known);
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

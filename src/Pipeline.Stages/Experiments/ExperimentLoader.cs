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
    /// <summary>The files of an experiment; optional ones fall back to defaults when absent.</summary>
    public static readonly IReadOnlyList<(string File, bool Required)> Files =
    [
        ("pipeline.yaml", false),
        ("data.yaml", true),
        ("augmentations.yaml", false),
        ("inception.yaml", true),
        ("resnet.yaml", true),
        ("pseudolabel.yaml", true),
        ("tta.yaml", true),
        ("ensemble.yaml", true),
    ];

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
        CheckForStrayFiles(directory, display, errors);
        CheckOverrideFiles(overrides, errors);
        var documents = new Dictionary<string, ConfigDocument?>();
        foreach (var (file, required) in Files)
        {
            var full = Path.Combine(directory, file);
            var fileOverrides = overrides.Where(o => o.File == file).ToList();
            if (!File.Exists(full))
            {
                if (required)
                {
                    errors.Add(new ConfigError($"{display}/{file}", 0, 0, "", $"missing experiment file {file} (every experiment needs {string.Join(", ", Files.Where(f => f.Required).Select(f => f.File))})"));
                }

                // An optional file that is absent reads as empty; overrides may still set its keys.
                documents[file] = !required && fileOverrides.Count > 0 ? ConfigDocument.Empty($"{display}/{file}").WithOverrides(fileOverrides, errors) : null;
                continue;
            }

            try
            {
                documents[file] = ConfigDocument.Load(full, repositoryRoot).WithOverrides(fileOverrides, errors);
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

        var experiment = new Experiment
        {
            Directory = directory,
            DisplayDirectory = display,
            Pipeline = Bind<PipelineConfig>("pipeline.yaml"),
            Data = Bind<DataConfig>("data.yaml"),
            Augmentations = Bind<AugmentationsConfig>("augmentations.yaml"),
            Inception = Bind<ModelTrainingConfig>("inception.yaml"),
            Resnet = Bind<ModelTrainingConfig>("resnet.yaml"),
            Pseudolabel = Bind<PseudolabelConfig>("pseudolabel.yaml"),
            Tta = Bind<TtaConfig>("tta.yaml"),
            Ensemble = Bind<EnsembleConfig>("ensemble.yaml"),
            Overrides = overrides,
            Documents = documents,
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

    /// <summary>An override names an experiment file by its name alone (<c>resnet.yaml</c>); anything else gets a close match.</summary>
    private static void CheckOverrideFiles(IReadOnlyList<ConfigOverride> overrides, List<ConfigError> errors)
    {
        var known = Files.Select(f => f.File).ToList();
        foreach (var file in overrides.Select(o => o.File).Distinct(StringComparer.Ordinal))
        {
            if (known.Contains(file))
            {
                continue;
            }

            var name = Path.GetFileName(file);
            var suggestion = known.Contains(name) ? name : ClosestMatch.Find(file, known);
            var message = suggestion is null
                ? $"unknown experiment file '{file}'; an experiment has: {string.Join(", ", known)}"
                : known.Contains(name)
                    ? $"name the experiment file alone, '{name}', not '{file}' (--experiment picks the folder)"
                    : $"unknown experiment file '{file}'; did you mean '{suggestion}'?";
            errors.Add(overrides.First(o => o.File == file).FileError(message));
        }
    }

    private static void CheckForStrayFiles(string directory, string display, List<ConfigError> errors)
    {
        var known = Files.Select(f => f.File).ToList();
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
                        ? $"unknown experiment file '{file}'; an experiment has: {string.Join(", ", known)}"
                        : $"unknown experiment file '{file}'; did you mean '{suggestion}'?"));
            }
        }
    }
}

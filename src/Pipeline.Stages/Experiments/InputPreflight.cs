using Pipeline.Config;
using Pipeline.Engine;

namespace Pipeline.Stages.Experiments;

/// <summary>
/// Before a build runs its first stage: every data folder and weights file that a run of the build reads must exist.
/// Otherwise a missing weights file would stop the build at the training stage, after Preprocess has run. Each
/// problem is placed at the YAML key that names the path. This is not checked at load time, because a plan, or a
/// build of other targets, does not need the paths.
/// </summary>
public static class InputPreflight
{
    /// <summary>The missing inputs of the runs of <paramref name="stageTargets"/> (already closed over dependencies).</summary>
    public static IReadOnlyList<ConfigError> Check(Experiment experiment, BuildGraph graph, IReadOnlyCollection<string> stageTargets, string inputRoot)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(stageTargets);
        var errors = new List<ConfigError>();
        var keys = InputKeys(experiment).ToList();
        foreach (var run in graph.Runs.Where(r => stageTargets.Contains(r.Target)))
        {
            foreach (var input in run.Inputs)
            {
                var full = Path.GetFullPath(input, Path.GetFullPath(inputRoot));
                if (File.Exists(full) || Directory.Exists(full))
                {
                    continue;
                }

                var message = $"{run.RunId} reads '{input}', which does not exist{(full != input ? $" ({full})" : "")}";
                var (file, keyPath, _) = keys.FirstOrDefault(k => k.Value == input);
                errors.Add(file is null ? new ConfigError(experiment.DisplayDirectory, 0, 0, "", message) : experiment.ErrorAt(file, keyPath, message));
            }
        }

        return [.. errors.Distinct()];
    }

    /// <summary>The keys whose values are paths that runs read.</summary>
    private static IEnumerable<(string File, string KeyPath, string Value)> InputKeys(Experiment experiment)
    {
        var data = experiment.Data;
        yield return ("data.yaml", "competition.root", data.Competition.Root);
        yield return ("data.yaml", "folders.root", data.Folders.Root);
        yield return ("data.yaml", "fashion_mnist.path", data.FashionMnist.Path);
        foreach (var model in experiment.Trained)
        {
            yield return (model.File, "model.pretrained", model.Config.Model.Pretrained);
        }

        if (experiment.Student is { } student)
        {
            yield return (student.File, "model.pretrained", student.Config.Model.Pretrained);
        }
    }
}

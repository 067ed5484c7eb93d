using Pipeline.Training.Configuration;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Training.Optimization;

/// <summary>
/// Creates an optimizer over the given parameters from a registry of named builders. The trainer
/// creates a fresh optimizer at every phase start (as the original re-compiled its Keras model for
/// every checkpoint script), over the parameters that train in that phase only.
/// </summary>
public static class OptimizerFactory
{
    private static readonly IReadOnlyDictionary<string, Func<IReadOnlyList<Parameter>, OptimizerConfig, ITrainingOptimizer>> Builders =
        new Dictionary<string, Func<IReadOnlyList<Parameter>, OptimizerConfig, ITrainingOptimizer>>(StringComparer.Ordinal)
        {
            ["adam"] = (parameters, c) => new FlatAdam(parameters, c.Lr, c.Beta1, c.Beta2, c.Eps, c.WeightDecay),
            ["sgd"] = (parameters, c) => new FlatSgd(parameters, c.Lr, c.Momentum, c.WeightDecay, c.Nesterov),
        };

    /// <summary>Names the registry knows.</summary>
    public static IReadOnlyCollection<string> Names => Builders.Keys.ToArray();

    public static ITrainingOptimizer Create(OptimizerConfig config, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!Builders.TryGetValue(config.Name, out var build))
        {
            throw new ArgumentException($"unknown optimizer '{config.Name}' (known: {string.Join(", ", Builders.Keys)})", nameof(config));
        }

        if (parameters.Count == 0)
        {
            throw new InvalidOperationException("no trainable parameters: every layer is frozen");
        }

        return build(parameters, config);
    }
}

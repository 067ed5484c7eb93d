using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Training.Configuration;

/// <summary>Optimizer of a phase: Adam or SGD (momentum, Nesterov), both with L2 weight decay.</summary>
public sealed record OptimizerConfig : IValidatableConfig
{
    [AllowedValues("adam", "sgd")]
    public string Name { get; init; } = "adam";

    /// <summary>Base learning rate; the schedule scales it.</summary>
    public double Lr { get; init; } = 1e-3;

    /// <summary>SGD momentum (ignored by Adam).</summary>
    [Range(0.0, 0.9999)]
    public double Momentum { get; init; } = 0.9;

    /// <summary>SGD Nesterov momentum (needs momentum &gt; 0).</summary>
    public bool Nesterov { get; init; }

    /// <summary>L2 penalty added to the gradient (PyTorch's <c>weight_decay</c>, not AdamW's decoupled decay).</summary>
    [Range(0.0, 1.0)]
    public double WeightDecay { get; init; }

    [Range(0.0, 0.99999)]
    public double Beta1 { get; init; } = 0.9;

    [Range(0.0, 0.99999999)]
    public double Beta2 { get; init; } = 0.999;

    [Range(0.0, 1.0)]
    public double Eps { get; init; } = 1e-8;

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!(Lr > 0) || double.IsInfinity(Lr))
        {
            yield return ("lr", $"the learning rate must be a positive number, not {Lr}");
        }

        if (Nesterov && Name != "sgd")
        {
            yield return ("nesterov", "Nesterov momentum applies to sgd only");
        }

        if (Nesterov && Momentum <= 0)
        {
            yield return ("nesterov", "Nesterov momentum needs momentum > 0");
        }
    }
}

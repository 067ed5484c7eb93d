using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Tests.Config;

public sealed record PhaseSettings : IValidatableConfig
{
    [Range(1, int.MaxValue)]
    public int Epochs { get; init; } = 1;

    public bool FreezeBackbone { get; init; }

    public OptimizerSettings Optimizer { get; init; } = new();

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (FreezeBackbone && Epochs > 100)
        {
            yield return ("epochs", "must be at most 100 when freeze_backbone is true");
        }
    }
}

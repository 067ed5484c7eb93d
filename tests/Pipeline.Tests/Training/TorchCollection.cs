using Xunit;

namespace Pipeline.Tests.Training;

/// <summary>
/// Training tests run alone: the trainer seeds torch's global generator per epoch (dropout draws from
/// it), and a test elsewhere drawing from it at the same time would break bit-exact comparisons.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Training (torch, serial)";
}

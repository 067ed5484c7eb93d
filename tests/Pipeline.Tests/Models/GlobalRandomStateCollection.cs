using Xunit;

namespace Pipeline.Tests.Models;

/// <summary>
/// Tests that depend on process-wide torch state run alone, not beside other test classes that change it: torch's
/// global generator (seeded or drawn from), and libtorch's oneDNN switch, which every model's forward pass sets
/// for its own channel counts (<c>ConvolutionKernels.Use</c>): a narrow network's forward in one test class must
/// not turn oneDNN off (or a ResNet's turn it on) under another test's running convolutions.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomStateCollection
{
    public const string Name = "global random state";
}

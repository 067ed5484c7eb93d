using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests run the real <c>_build</c> on the tiny experiment. They share one full build
/// (<see cref="TinyBuildFixture"/>) and never run in parallel with each other: every stage process already
/// uses the machine's cores, and timings would only get noisier.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection : ICollectionFixture<TinyBuildFixture>
{
    public const string Name = "EndToEnd (real builds of the tiny experiment)";
}

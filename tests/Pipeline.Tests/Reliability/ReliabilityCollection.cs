using Xunit;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// The fault-injection suite: real <c>_build</c> processes on private copies of the tiny experiment. One collection,
/// so its builds, kills and mounts never run beside each other; the uninterrupted training run they compare against
/// is built once for all of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<TrainingReference>
{
    public const string Name = "Reliability (real builds, serial)";
}

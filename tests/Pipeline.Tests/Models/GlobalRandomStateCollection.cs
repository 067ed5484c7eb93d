using Xunit;

namespace Pipeline.Tests.Models;

/// <summary>Tests that read or seed torch's global generator run alone, not beside other test classes that draw from it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomStateCollection
{
    public const string Name = "global random state";
}

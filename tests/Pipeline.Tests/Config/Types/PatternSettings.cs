using System.ComponentModel.DataAnnotations;

namespace Pipeline.Tests.Config;

public sealed record PatternSettings
{
    [RegularExpression("^[a-z]+$")]
    public string Name { get; init; } = "a";
}

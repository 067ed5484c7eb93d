using System.ComponentModel.DataAnnotations;
using Pipeline.Config;

namespace Pipeline.Tests.Config;

[ConfigCase("one_of")]
public sealed record OneOf : AugmentOp
{
    [ConfigPositional]
    [MinLength(2)]
    public IReadOnlyList<AugmentOp> Ops { get; init; } = [];
}

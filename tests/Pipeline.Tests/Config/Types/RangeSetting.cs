using Pipeline.Config;

namespace Pipeline.Tests.Config;

/// <summary>A positional record: no parameterless constructor, bound through its constructor.</summary>
public sealed record RangeSetting(double Min, double Max) : IValidatableConfig
{
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Min > Max)
        {
            yield return ("", $"min {Min} is greater than max {Max}");
        }
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace Pipeline.Tests.Architecture;

public sealed partial class TestNamingTests
{
    [Fact]
    public void Every_test_name_is_a_sentence_of_words_joined_by_underscores()
    {
        var offenders = typeof(TestNamingTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any())
            .Where(method => !Sentence().IsMatch(method.Name))
            .Select(method => $"{method.DeclaringType!.FullName}.{method.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(offenders);
    }

    // Plan_after_a_full_build_is_all_cached; identifiers keep their spelling (TrainResnet, OnnxRuntime, NaN).
    [GeneratedRegex("^[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$")]
    private static partial Regex Sentence();
}

using Pipeline.Config;
using Xunit;

namespace Pipeline.Tests.Config;

/// <summary>Binds YAML text as the file <c>exp/train.yaml</c> and returns the error lines it must produce.</summary>
internal static class ConfigAssert
{
    public const string File = "exp/train.yaml";

    public static T Bind<T>(string yaml) => ConfigBinder.Parse<T>(yaml, File);

    public static IReadOnlyList<string> Errors<T>(string yaml, string? section = null, ConfigBindOptions? options = null)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigBinder.Parse<T>(yaml, File, section, options));
        return e.Errors.Select(x => x.ToString()).ToList();
    }

    public static void Error<T>(string expected, string yaml, string? section = null, ConfigBindOptions? options = null) =>
        Assert.Equal([expected], Errors<T>(yaml, section, options));
}

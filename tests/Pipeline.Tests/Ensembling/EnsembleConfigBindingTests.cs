using Pipeline.Config;
using Pipeline.Ensembling.Configuration;
using Xunit;

namespace Pipeline.Tests.Ensembling;

/// <summary>ensemble.yaml as users write it, through the real YAML binder.</summary>
public sealed class EnsembleConfigBindingTests
{
    [Fact]
    public void Tta_versions_written_as_numbers_lists_and_star_bind()
    {
        var config = ConfigBinder.Parse<EnsembleConfig>(
            """
            method: vote
            members:
              - {model: resnet, checkpoint: "*_e*", tta: [0, 1]}
              - {model: inception, checkpoint: cp11, tta: 2}
              - {model: student, checkpoint: "*", tta: "*"}
            """,
            "ensemble.yaml");

        Assert.Equal([0, 1], config.Members[0].TtaSelection().Versions);
        Assert.False(config.Members[0].TtaSelection().Any);
        Assert.Equal([2], config.Members[1].TtaSelection().Versions);
        Assert.True(config.Members[2].TtaSelection().Any);
    }

    [Fact]
    public void A_tta_value_that_is_not_a_version_is_reported_at_its_position()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigBinder.Parse<EnsembleConfig>(
            """
            members:
              - {model: resnet, tta: [0, gentle]}
            """,
            "ensemble.yaml"));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("ensemble.yaml", problem.File);
        Assert.Equal(2, problem.Line);
        Assert.Contains("tta value \"gentle\" is neither a TTA version number nor \"*\"", problem.Message);
    }
}

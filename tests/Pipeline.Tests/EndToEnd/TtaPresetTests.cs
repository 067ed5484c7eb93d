using System.Text.Json.Nodes;
using Pipeline.Engine;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>
/// The Tta stage augments with the presets tta.yaml names, not the built-in defaults. (The preset definitions a
/// run uses once shared the parameter key <c>presets</c> with tta.yaml's own list, which silently dropped it.)
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TtaPresetTests(TinyBuildFixture fixture)
{
    [Fact]
    public void Tta_augments_with_the_presets_tta_yaml_lists()
    {
        var tiny = fixture.RequireBuilt();
        Assert.Contains("presets: [tiny_flip]", File.ReadAllText(Path.Combine(tiny.Directory, "tta.yaml")), StringComparison.Ordinal);

        foreach (var model in new[] { "inception", "resnet" })
        {
            var log = File.ReadAllText(new ArtifactLayout(tiny.Artifacts).LogPath($"Tta/{model}"));
            Assert.Contains("tta0: preset tiny_flip, 2 views per image", log, StringComparison.Ordinal);
            Assert.DoesNotContain("tta0_gentle", log, StringComparison.Ordinal);

            var summary = JsonNode.Parse(File.ReadAllText(tiny.ArtifactPath("predictions", model, "tta.json")))!;
            Assert.Equal(["tiny_flip"], summary["config"]!["presets"]!.AsArray().Select(n => n!.GetValue<string>()));
        }
    }
}

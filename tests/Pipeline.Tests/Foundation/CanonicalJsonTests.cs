using System.Text.Json.Nodes;
using Pipeline.Foundation;
using Xunit;

namespace Pipeline.Tests.Foundation;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Keys_are_sorted_at_every_level_and_numbers_have_one_spelling()
    {
        var built = new JsonObject { ["b"] = 1.0, ["a"] = new JsonObject { ["y"] = 0.001f, ["x"] = "it's" }, ["c"] = new JsonArray(2L, 1e-5, 1e20) };
        var parsed = JsonNode.Parse("""{"c":[2.0,0.00001,1E+20],"a":{"x":"it's","y":0.001},"b":1}""");

        Assert.Equal("""{"a":{"x":"it's","y":0.001},"b":1,"c":[2,1E-05,1E+20]}""", CanonicalJson.Serialize(parsed));
        Assert.Equal(CanonicalJson.Serialize(parsed), CanonicalJson.Serialize(built));
    }

    [Fact]
    public void Integral_doubles_below_two_to_the_53_are_integers()
    {
        Assert.Equal("1000000000000000", CanonicalJson.Serialize(JsonValue.Create(1e15)));
        Assert.Equal("-3", CanonicalJson.NumberText(JsonValue.Create(-3.0)));
        Assert.Equal("0", CanonicalJson.NumberText((JsonValue)JsonNode.Parse("-0.0")!));
        Assert.Equal("1E+20", CanonicalJson.NumberText((JsonValue)JsonNode.Parse("1e20")!));
    }

    [Fact]
    public void Indented_text_uses_line_feeds()
    {
        Assert.Equal("{\n  \"a\": [\n    1\n  ]\n}", CanonicalJson.Serialize(JsonNode.Parse("""{"a":[1.0]}"""), indented: true));
    }
}

using System.Text.Json.Nodes;
using Pipeline.Foundation;
using Xunit;

namespace Pipeline.Tests.Foundation;

public sealed class JsonFlattenerTests
{
    private static readonly JsonNode Nested = JsonNode.Parse("""{"optimizer":{"lr":1.0E-3,"kind":"sgd"},"ops":[{"p":0.5},[]],"empty":{},"none":null,"files":{"c.txt":"c"}}""")!;

    [Fact]
    public void Leaves_are_canonical_json_by_path_in_ordinal_order()
    {
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["empty"] = "{}",
                ["files.c.txt"] = "\"c\"",
                ["none"] = "null",
                ["ops[0].p"] = "0.5",
                ["ops[1]"] = "[]",
                ["optimizer.kind"] = "\"sgd\"",
                ["optimizer.lr"] = "0.001",
            },
            JsonFlattener.Flatten(Nested));
    }

    [Fact]
    public void Plain_strings_drop_only_the_quotes_of_strings()
    {
        var flat = JsonFlattener.Flatten(Nested, plainStrings: true);

        Assert.Equal("sgd", flat["optimizer.kind"]);
        Assert.Equal("0.001", flat["optimizer.lr"]);
        Assert.Equal("null", flat["none"]);
    }

    [Fact]
    public void An_empty_root_has_no_leaves_and_a_scalar_root_is_one()
    {
        Assert.Empty(JsonFlattener.Flatten(new JsonObject()));
        Assert.Equal(new Dictionary<string, string> { [""] = "3" }, JsonFlattener.Flatten(JsonValue.Create(3)));
    }

    [Fact]
    public void A_path_finds_its_own_entry_then_its_nearest_parent_then_the_root()
    {
        var sources = new Dictionary<string, string> { [""] = "default.yaml", ["optimizer"] = "resnet.yaml", ["ops[1]"] = "aug.yaml" };

        Assert.Equal("resnet.yaml", JsonFlattener.ForPathOrParent(sources, "optimizer.lr"));
        Assert.Equal("aug.yaml", JsonFlattener.ForPathOrParent(sources, "ops[1].p"));
        Assert.Equal("default.yaml", JsonFlattener.ForPathOrParent(sources, "ops[0].p"));
        Assert.Null(JsonFlattener.ForPathOrParent(new Dictionary<string, string>(), "a.b"));
    }
}

using Pipeline.Foundation;
using Xunit;

namespace Pipeline.Tests.Foundation;

public sealed class TopologicalSortTests
{
    private static readonly Dictionary<string, string[]> Graph = new()
    {
        ["report"] = ["ensemble", "train"],
        ["ensemble"] = ["tta"],
        ["tta"] = ["train"],
        ["train"] = ["prep"],
        ["prep"] = [],
        ["other"] = ["prep"],
    };

    [Fact]
    public void Dependencies_come_first_in_the_order_roots_and_dependencies_are_given()
    {
        Assert.Equal(["prep", "train", "tta", "ensemble", "report"], Order(["report"], Graph));
        Assert.Equal(["prep", "other", "train", "tta", "ensemble", "report"], Order(["other", "report"], Graph));
        Assert.Equal(["prep", "train"], Order(["train", "prep", "train"], Graph));
    }

    [Fact]
    public void A_cycle_is_reported_as_its_path()
    {
        var graph = new Dictionary<string, string[]>(Graph) { ["prep"] = ["tta"] };

        var error = Assert.Throws<InvalidOperationException>(() => Order(["report"], graph));

        Assert.Equal("tta -> train -> prep -> tta", error.Message);
    }

    [Fact]
    public void A_node_depending_on_itself_is_a_cycle()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Order(["a"], new Dictionary<string, string[]> { ["a"] = ["a"] }));

        Assert.Equal("a -> a", error.Message);
    }

    private static IReadOnlyList<string> Order(string[] roots, Dictionary<string, string[]> graph) =>
        TopologicalSort.Order(roots, n => graph[n], cycle => new InvalidOperationException(string.Join(" -> ", cycle)), StringComparer.Ordinal);
}

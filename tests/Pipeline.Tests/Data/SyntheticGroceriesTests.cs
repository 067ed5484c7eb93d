using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Sources;
using Pipeline.Data.Synthetic;
using Xunit;

namespace Pipeline.Tests.Data;

public sealed class SyntheticGroceriesTests
{
    private static readonly SyntheticConfig Tiny = new() { Classes = 4, TrainCount = 12, TestCount = 6, ImageSize = 16, Seed = 7, Difficulty = 0.6 };

    private static Dictionary<string, byte[]> Files(string root)
        => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);

    [Fact]
    public void Same_seed_gives_byte_identical_files()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        SyntheticGroceries.Generate(Tiny, a.Path);
        SyntheticGroceries.Generate(Tiny, b.Path);
        var first = Files(a.Path);
        var second = Files(b.Path);
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.All(first, f => Assert.Equal(f.Value, second[f.Key]));
        Assert.Equal(3 + 12 + 6, first.Count);
    }

    [Fact]
    public void Another_seed_gives_other_images()
    {
        var one = SyntheticGroceries.EncodePng(Tiny, 0, 0, 3);
        var other = SyntheticGroceries.EncodePng(Tiny with { Seed = 8 }, 0, 0, 3);
        Assert.NotEqual(one, other);
        Assert.Equal(one, SyntheticGroceries.EncodePng(Tiny, 0, 0, 3));
    }

    [Fact]
    public void Writes_the_competition_layout_with_ground_truth()
    {
        using var dir = new TempFolder();
        var result = SyntheticGroceries.Generate(Tiny, dir.Path);
        var source = CompetitionReader.Read(new CompetitionConfig { Labels = SyntheticGroceries.ClassNames(4) }, dir.Path);

        Assert.Equal(["beans", "cake", "candy", "cereal"], source.Classes);
        Assert.Equal(12, source.Labelled.Count);
        Assert.Equal(6, source.Test.Count);
        Assert.True(source.TestHasLabels);
        Assert.Equal("train_1", source.Labelled.Select(i => i.Id).Order(StringComparer.Ordinal).First());
        Assert.Equal(result.TrainCounts, source.Classes.Select(c => source.Labelled.Count(i => i.Label == c)));
        Assert.Equal("image_id", File.ReadAllText(dir.File("test.csv")).Split("\n")[0]);
    }

    [Fact]
    public void Class_sizes_follow_the_real_proportions()
    {
        var counts = SyntheticGroceries.ClassCounts(750, 25);
        Assert.Equal(750, counts.Sum());
        // candy (242 of 3215) is the largest class, corn (63) the smallest, as in the competition.
        Assert.Equal(2, Array.IndexOf(counts, counts.Max()));
        Assert.Equal(7, Array.IndexOf(counts, counts.Min()));
        Assert.Equal(56, counts[2]);
    }

    [Fact]
    public void Images_are_not_flat_and_differ_between_classes()
    {
        var config = Tiny with { ImageSize = 32 };
        var beans = SyntheticGroceries.Render(config, 0, 0, 0);
        var cake = SyntheticGroceries.Render(config, 1, 0, 0);
        Assert.Equal(32 * 32 * 3, beans.Length);
        Assert.True(beans.Distinct().Count() > 50);
        Assert.NotEqual(beans, cake);
    }
}

using System.Text.Json;
using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Preprocess;
using Pipeline.Data.Shards;
using Pipeline.Data.Synthetic;
using Xunit;

namespace Pipeline.Tests.Data;

public sealed class PreprocessRunnerTests
{
    private static readonly DataConfig Synthetic = new()
    {
        Synthetic = new SyntheticConfig { Classes = 3, TrainCount = 30, TestCount = 9, ImageSize = 24, Seed = 5 },
        ImageSize = 16,
        Validation = new ValidationConfig { Fraction = 0.2, Seed = 42 },
    };

    private static PreprocessResult Run(DataConfig config, string root, string output, StringWriter? log = null)
        => PreprocessRunner.Run(config, root, output, log ?? new StringWriter());

    [Fact]
    public void Writes_shards_and_reports_for_the_synthetic_set()
    {
        using var dir = new TempFolder();
        SyntheticGroceries.Generate(Synthetic.Synthetic, dir.File("data"));
        var result = Run(Synthetic, dir.File("data"), dir.File("out"));

        Assert.Equal(["train.shard", "val.shard", "test.shard", "classes.json", "test_labels.json", "contact_sheet.png", "data_report.json", "metrics.json"], result.Files);
        Assert.All(result.Files, f => Assert.True(File.Exists(dir.File("out", f)), f));
        Assert.Empty(Directory.GetFiles(dir.File("out"), "*.tmp-*"));

        using var train = Shard.Open(dir.File("out", "train.shard"));
        using var val = Shard.Open(dir.File("out", "val.shard"));
        using var test = Shard.Open(dir.File("out", "test.shard"));
        Assert.Equal(30, train.Count + val.Count);
        Assert.Equal(9, test.Count);
        Assert.Equal((3, 16, 16), (train.Channels, train.Height, train.Width));
        Assert.Equal(["beans", "cake", "candy"], train.Classes);
        Assert.All(test.Labels, l => Assert.Equal(-1, l));
        Assert.Empty(train.Ids.Intersect(val.Ids));

        var report = result.Report;
        Assert.Equal((train.Count, val.Count, test.Count), (report.Train, report.Val, report.Test));
        Assert.Equal(report.Counts.Select(c => c.Train), train.Classes.Select((_, c) => train.Labels.Count(l => l == c)));
        Assert.All(report.Counts, c => Assert.True(c.Val >= 1));
        Assert.True(report.TestHasLabels);

        using var truth = JsonDocument.Parse(File.ReadAllText(dir.File("out", "test_labels.json")));
        Assert.Equal(test.Ids, truth.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        using var metrics = JsonDocument.Parse(File.ReadAllText(dir.File("out", "metrics.json")));
        Assert.Equal("images", metrics.RootElement.GetProperty("headline").GetProperty("name").GetString());
        Assert.Equal(39, metrics.RootElement.GetProperty("headline").GetProperty("value").GetInt32());
        Assert.Equal("[\n  \"beans\",\n  \"cake\",\n  \"candy\"\n]\n", File.ReadAllText(dir.File("out", "classes.json")));
    }

    [Fact]
    public void Output_is_identical_for_the_same_settings_and_the_split_follows_the_seed()
    {
        using var dir = new TempFolder();
        SyntheticGroceries.Generate(Synthetic.Synthetic, dir.File("data"));
        Run(Synthetic, dir.File("data"), dir.File("a"));
        Run(Synthetic, dir.File("data"), dir.File("b"));
        Run(Synthetic with { Validation = new ValidationConfig { Fraction = 0.2, Seed = 43 } }, dir.File("data"), dir.File("c"));
        foreach (var name in new[] { "train.shard", "val.shard", "test.shard", "data_report.json", "contact_sheet.png" })
        {
            Assert.Equal(File.ReadAllBytes(dir.File("a", name)), File.ReadAllBytes(dir.File("b", name)));
        }

        using var valA = Shard.Open(dir.File("a", "val.shard"));
        using var valC = Shard.Open(dir.File("c", "val.shard"));
        Assert.NotEqual(valA.Ids, valC.Ids);
        Assert.Equal(valA.Count, valC.Count);
    }

    [Fact]
    public void Fail_policy_lists_every_bad_file_in_one_error()
    {
        using var f = BadFixture();
        using var output = new TempFolder();
        var error = Assert.Throws<BadImagesException>(() => Run(new DataConfig { Source = "competition", ImageSize = 8 }, f.Root, output.Path));
        Assert.Equal(
            "3 bad image files (on_bad_image is 'fail'; set it to 'skip' to leave them out and list them in data_report.json):" + Environment.NewLine +
            "  train_img/zero.png: zero bytes (listed at train.csv:3)" + Environment.NewLine +
            "  train_img/text.png: not an image: the content matches no supported image format (listed at train.csv:5)" + Environment.NewLine +
            "  test_img/huge.png: over the size limit: 100000x100000 px (limits: 8192x8192) (listed at test.csv:3)",
            error.Message);
        Assert.Empty(Directory.GetFiles(output.Path));
    }

    [Fact]
    public void Skip_policy_leaves_bad_files_out_and_lists_them()
    {
        using var f = BadFixture();
        using var output = new TempFolder();
        var log = new StringWriter();
        var result = Run(new DataConfig { Source = "competition", ImageSize = 8, OnBadImage = "skip", Validation = new ValidationConfig { Fraction = 0 } }, f.Root, output.Path, log);

        Assert.Equal(
            [
                new BadImage("train_img/zero.png", "train.csv:3", "zero bytes"),
                new BadImage("train_img/text.png", "train.csv:5", "not an image: the content matches no supported image format"),
                new BadImage("test_img/huge.png", "test.csv:3", "over the size limit: 100000x100000 px (limits: 8192x8192)"),
            ],
            result.Skipped);
        Assert.Equal((3, 0, 1), (result.Report.Train, result.Report.Val, result.Report.Test));
        Assert.Equal([new ClassCounts(0, "beans", 2, 0, null, 1), new ClassCounts(1, "milk", 1, 0, null, 1)], result.Report.Counts);
        Assert.Contains("preprocess: skipped train_img/zero.png: zero bytes (listed at train.csv:3)", log.ToString(), StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(output.Path, "data_report.json"));
        Assert.Contains("\"path\": \"test_img/huge.png\"", report, StringComparison.Ordinal);
        using var train = Shard.Open(Path.Combine(output.Path, "train.shard"));
        Assert.Equal(["a", "b", "c"], train.Ids);
    }

    [Fact]
    public void Synthetic_source_needs_the_generated_folder()
    {
        using var output = new TempFolder();
        Assert.Throws<ArgumentException>(() => PreprocessRunner.Run(new DataConfig(), null, output.Path, new StringWriter()));
    }

    // train: a, zero (0 bytes), b, text (not an image), c; test: t (good), huge (absurd header).
    private static CompetitionFixture BadFixture()
    {
        var f = new CompetitionFixture()
            .Train("image_id,label\na,beans\nzero,beans\nb,beans\ntext,milk\nc,milk\n").TrainImages("a", "b", "c")
            .Test("image_id\nt\nhuge\n").TestImages("t");
        File.WriteAllBytes(f.TrainImage("zero"), []);
        File.WriteAllText(f.TrainImage("text"), "this is not a picture");
        File.WriteAllBytes(f.TestImage("huge"), PngFixture.Encode(1, 1, PngFixture.Rgb, 8, [1, 2, 3], headerWidth: 100_000, headerHeight: 100_000));
        return f;
    }
}

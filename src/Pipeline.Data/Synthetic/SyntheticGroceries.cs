using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Data.Configuration;
using Pipeline.Data.Sources;
using Pipeline.Foundation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Data.Synthetic;

/// <summary>
/// The embedded default dataset: a deterministic synthetic "groceries" set in the competition layout
/// (<c>train.csv</c>, <c>test.csv</c>, <c>train_img/*.png</c>, <c>test_img/*.png</c>) plus
/// <c>test_labels.csv</c>, the test ground truth, so the default run goes through the same reader as
/// the real data and its test predictions can be scored. Class sizes follow the real training counts.
/// Each image is rendered from its own generator seeded by (seed, split, index), so the files are
/// byte-identical for the same settings whatever the thread count, and differ for another seed.
/// </summary>
public static class SyntheticGroceries
{
    private const int TrainSplit = 0, TestSplit = 1;

    /// <summary>The first <paramref name="classes"/> competition labels.</summary>
    public static IReadOnlyList<string> ClassNames(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, ProductCatalog.Templates.Count);
        return ProductCatalog.Templates.Take(classes).Select(t => t.Name).ToArray();
    }

    /// <summary>Images per class for <paramref name="total"/> images: the real training proportions, largest remainders.</summary>
    public static int[] ClassCounts(int total, int classes)
        => Proportions.Allocate(ProductCatalog.RealTrainCounts.Take(classes).Select(c => (double)c).ToArray(), total);

    /// <summary>Writes the dataset into <paramref name="outputDir"/> (created if needed), on at most <paramref name="threads"/> threads (null: every core); the bytes do not depend on it.</summary>
    public static SyntheticResult Generate(SyntheticConfig config, string outputDir, TextWriter? log = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(outputDir);
        var watch = Stopwatch.StartNew();
        var classes = ClassNames(config.Classes);
        var trainLabels = Labels(config, TrainSplit, config.TrainCount);
        var testLabels = Labels(config, TestSplit, config.TestCount);
        var trainDir = Path.Combine(outputDir, "train_img");
        var testDir = Path.Combine(outputDir, "test_img");
        Directory.CreateDirectory(trainDir);
        Directory.CreateDirectory(testDir);

        var jobs = trainLabels.Select((label, i) => (Split: TrainSplit, Index: i, Label: label))
            .Concat(testLabels.Select((label, i) => (Split: TestSplit, Index: i, Label: label))).ToArray();
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = threads ?? -1 }, j =>
        {
            var (split, index, label) = jobs[j];
            var png = EncodePng(config, label, split, index);
            File.WriteAllBytes(Path.Combine(split == TrainSplit ? trainDir : testDir, Id(split, index) + ".png"), png);
        });

        WriteCsv(Path.Combine(outputDir, "train.csv"), "image_id,label", trainLabels.Select((l, i) => $"{Id(TrainSplit, i)},{classes[l]}"));
        WriteCsv(Path.Combine(outputDir, "test.csv"), "image_id", testLabels.Select((_, i) => Id(TestSplit, i)));
        WriteCsv(Path.Combine(outputDir, "test_labels.csv"), "image_id,label", testLabels.Select((l, i) => $"{Id(TestSplit, i)},{classes[l]}"));

        var trainCounts = classes.Select((_, c) => trainLabels.Count(l => l == c)).ToArray();
        var testCounts = classes.Select((_, c) => testLabels.Count(l => l == c)).ToArray();
        watch.Stop();
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"synthetic groceries: {jobs.Length} images ({config.TrainCount} train, {config.TestCount} test, {classes.Count} classes, {config.ImageSize}px, difficulty {config.Difficulty}) in {watch.Elapsed.TotalSeconds:F1}s"));
        return new SyntheticResult(Path.GetFullPath(outputDir), classes, trainCounts, testCounts, watch.Elapsed);
    }

    /// <summary>
    /// Renders one image as interleaved 8-bit RGB (ImageSize² × 3); <paramref name="split"/> is 0 for train and 1
    /// for test. Exposed so a test or a preview can look at single images without writing the set.
    /// </summary>
    public static byte[] Render(SyntheticConfig config, int classIndex, int split, int index)
    {
        ArgumentNullException.ThrowIfNull(config);
        var templates = ProductCatalog.Templates.Take(config.Classes).ToArray();
        var others = templates.Where((_, i) => i != classIndex).ToArray();
        var random = new Random(SplitMix64.CombineToInt32(config.Seed, split, index));
        return SceneRenderer.Render(templates[classIndex], others, config.ImageSize, config.Difficulty, random);
    }

    /// <summary>The PNG file of one image, as <see cref="Generate"/> writes it.</summary>
    public static byte[] EncodePng(SyntheticConfig config, int classIndex, int split, int index)
    {
        var rgb = Render(config, classIndex, split, index);
        using var image = Image.LoadPixelData<Rgb24>(rgb, config.ImageSize, config.ImageSize);
        using var stream = new MemoryStream();
        // Fastest deflate level: noisy photos barely compress anyway, and encoding dominated generation time.
        image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8, CompressionLevel = PngCompressionLevel.Level1 });
        return stream.ToArray();
    }

    /// <summary>The image id used in the CSVs: train_1, train_2, ..., test_1, ...</summary>
    public static string Id(int split, int index) => string.Create(CultureInfo.InvariantCulture, $"{(split == TrainSplit ? "train" : "test")}_{index + 1}");

    // Class of each image of a split: the per-class counts, shuffled so the CSV is not sorted by class.
    private static int[] Labels(SyntheticConfig config, int split, int total)
    {
        var counts = ClassCounts(total, config.Classes);
        var labels = counts.SelectMany((count, c) => Enumerable.Repeat(c, count)).ToArray();
        new Random(SplitMix64.CombineToInt32(config.Seed, split, -1)).Shuffle(labels);
        return labels;
    }

    private static void WriteCsv(string path, string header, IEnumerable<string> rows)
    {
        var text = new StringBuilder();
        text.Append(header).Append('\n');
        foreach (var row in rows)
        {
            text.Append(row).Append('\n');
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Data.Configuration;
using Pipeline.Data.Images;
using Pipeline.Data.Shards;
using Pipeline.Data.Sources;
using Pipeline.Foundation;

namespace Pipeline.Data.Preprocess;

/// <summary>
/// The Preprocess stage: reads the configured source, decodes every image (in parallel, results kept
/// in source order) to 8-bit RGB of image_size², applies the bad-image policy, splits the labelled
/// images into train and validation (stratified, seeded), and writes <c>train.shard</c>,
/// <c>val.shard</c>, <c>test.shard</c> (labels -1), <c>classes.json</c>, <c>test_labels.json</c>
/// (only when the source has test ground truth), <c>data_report.json</c>, <c>contact_sheet.png</c>
/// and <c>metrics.json</c>.
/// </summary>
public static class PreprocessRunner
{
    /// <summary>Options for every JSON file Preprocess writes: snake_case keys, indented.</summary>
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Runs Preprocess into <paramref name="outputDir"/>. <paramref name="dataRoot"/> overrides the source's folder
    /// (required for <c>synthetic</c>: the generated folder). Throws <see cref="DataSourceException"/> for
    /// list-file problems and <see cref="BadImagesException"/> for bad images under on_bad_image: fail. Images are
    /// decoded on at most <paramref name="threads"/> threads (null: every core); the shards do not depend on it.
    /// </summary>
    public static PreprocessResult Run(DataConfig config, string? dataRoot, string outputDir, TextWriter log, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(outputDir);
        ArgumentNullException.ThrowIfNull(log);
        var watch = Stopwatch.StartNew();
        var source = DataSources.Read(config, dataRoot);
        log.WriteLine($"preprocess: {source.Kind} source at {source.Root}: {source.Labelled.Count} labelled, {source.Test.Count} test images, {source.Classes.Count} classes");

        var all = source.Labelled.Concat(source.Test).ToArray();
        var loader = new ImageLoader(config.Limits, config.ImageSize, config.Resampler);
        var results = new LoadResult[all.Length];
        Parallel.For(0, all.Length, new ParallelOptions { MaxDegreeOfParallelism = threads ?? -1 }, i => results[i] = loader.Load(all[i]));

        var bad = new List<BadImage>();
        for (int i = 0; i < all.Length; i++)
        {
            if (!results[i].Ok)
            {
                bad.Add(Describe(all[i], results[i].Problem!, source.Root));
            }
        }
        if (bad.Count > 0 && config.OnBadImage == DataConfig.FailPolicy)
        {
            throw new BadImagesException(bad);
        }

        foreach (var b in bad)
        {
            log.WriteLine($"preprocess: skipped {b}");
        }

        var classIndex = source.Classes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var labelled = Enumerable.Range(0, source.Labelled.Count).Where(i => results[i].Ok).ToArray();
        var test = Enumerable.Range(source.Labelled.Count, source.Test.Count).Where(i => results[i].Ok).ToArray();
        var labels = labelled.Select(i => classIndex[all[i].Label!]).ToArray();
        var isVal = StratifiedSplit.Choose(labels, source.Classes.Count, config.Validation.Fraction, config.Validation.Seed);
        var train = labelled.Where((_, k) => !isVal[k]).ToArray();
        var val = labelled.Where((_, k) => isVal[k]).ToArray();
        int LabelOf(int i) => classIndex[all[i].Label!];

        Directory.CreateDirectory(outputDir);
        int size = config.ImageSize;
        var files = new List<string>();
        void Shard(string name, int[] members, Func<int, int> label)
        {
            ShardWriter.WriteImages(Path.Combine(outputDir, name), source.Classes, members.Select(i => all[i].Id).ToArray(), members.Select(label).ToArray(),
                members.Select(i => results[i].Pixels!).ToArray(), 3, size, size);
            files.Add(name);
        }
        Shard(PreprocessFiles.TrainShard, train, LabelOf);
        Shard(PreprocessFiles.ValidationShard, val, LabelOf);
        Shard(PreprocessFiles.TestShard, test, _ => -1);

        WriteJson(outputDir, PreprocessFiles.Classes, source.Classes, files);
        bool testHasLabels = source.TestHasLabels;
        if (testHasLabels)
        {
            WriteJson(outputDir, PreprocessFiles.TestLabels, new TestLabelsFile(test.Select(i => all[i].Id).ToArray(), test.Select(LabelOf).ToArray()), files);
        }

        var sheetRows = source.Classes.Select((name, c) => (Name: name, Members: train.Concat(val).Where(i => LabelOf(i) == c).Order().Take(ContactSheet.PerClass).ToArray())).ToArray();
        AtomicFile.WriteAllBytes(Path.Combine(outputDir, PreprocessFiles.ContactSheet),
            ContactSheet.Render(sheetRows.Select(r => (r.Name, (IReadOnlyList<byte[]>)r.Members.Select(i => results[i].Pixels!).ToArray())).ToArray(), size));
        files.Add(PreprocessFiles.ContactSheet);

        var skippedByClass = source.Classes.Select(name => Enumerable.Range(0, source.Labelled.Count).Count(i => !results[i].Ok && all[i].Label == name)).ToArray();
        var counts = source.Classes.Select((name, c) => new ClassCounts(c, name,
            train.Count(i => LabelOf(i) == c), val.Count(i => LabelOf(i) == c),
            testHasLabels ? test.Count(i => LabelOf(i) == c) : null,
            skippedByClass[c])).ToArray();
        var warnings = counts.Where(c => c.Train + c.Val == 0).Select(c => $"class '{c.Name}' has no labelled images left after skipping bad files").ToList();
        warnings.AddRange(counts.Where(c => c.Train + c.Val > 0 && c.Train == 0).Select(c => $"class '{c.Name}' has no training image (its only image went to validation)"));
        foreach (var warning in warnings)
        {
            log.WriteLine($"preprocess: warning: {warning}");
        }

        var report = new DataReport
        {
            Source = source.Kind,
            ImageSize = size,
            Resampler = config.Resampler,
            ValidationFraction = config.Validation.Fraction,
            ValidationSeed = config.Validation.Seed,
            OnBadImage = config.OnBadImage,
            Classes = source.Classes,
            Counts = counts,
            Train = train.Length,
            Val = val.Length,
            Test = test.Length,
            TestHasLabels = testHasLabels,
            Skipped = bad,
            Ignored = source.Ignored,
            Warnings = warnings,
            ContactSheet = sheetRows.Select(r => new ContactSheetRow(r.Name, r.Members.Select(i => all[i].Id).ToArray())).ToArray(),
        };
        WriteJson(outputDir, PreprocessFiles.DataReport, report, files);

        var metrics = new JsonObject
        {
            ["headline"] = new JsonObject { ["name"] = "images", ["value"] = train.Length + val.Length + test.Length },
            ["train"] = train.Length,
            ["val"] = val.Length,
            ["test"] = test.Length,
            ["classes"] = source.Classes.Count,
            ["skipped"] = bad.Count,
        };
        AtomicFile.WriteAllText(Path.Combine(outputDir, "metrics.json"), metrics.ToJsonString(Json) + "\n");
        files.Add("metrics.json");

        watch.Stop();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"preprocess: wrote {train.Length} train, {val.Length} val, {test.Length} test images ({size}px, {config.Resampler}), {bad.Count} skipped, in {watch.Elapsed.TotalSeconds:F1}s"));
        return new PreprocessResult(report, Path.GetFullPath(outputDir), files, watch.Elapsed);
    }

    private static BadImage Describe(LabelledImage image, string reason, string root)
    {
        string path;
        if (image.FilePath is { } file)
        {
            var relative = Path.GetRelativePath(root, file);
            path = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative.Replace('\\', '/');
        }
        else
        {
            path = $"{Path.GetFileName(image.Origin.File)}#{image.Id}";
        }
        var origin = image.Origin.File == image.FilePath ? "" : (image.Origin with { File = Path.GetFileName(image.Origin.File) }).ToString();
        return new BadImage(path, origin, reason);
    }

    private static void WriteJson<T>(string outputDir, string name, T value, List<string> files)
    {
        AtomicFile.WriteAllText(Path.Combine(outputDir, name), JsonSerializer.Serialize(value, Json) + "\n");
        files.Add(name);
    }
}

using Pipeline.Data.Configuration;

namespace Pipeline.Data.Sources;

/// <summary>
/// Reads the competition layout: <c>train.csv</c> (image_id,label), <c>test.csv</c> (image_id),
/// images <c>&lt;train_dir&gt;/&lt;image_id&gt;.png</c> and <c>&lt;test_dir&gt;/&lt;image_id&gt;.png</c>, and an
/// optional <c>test_labels.csv</c> ground truth. Every problem found is reported at once with file:line.
/// </summary>
public static class CompetitionReader
{
    private const string IdColumn = "image_id", LabelColumn = "label";

    /// <summary>Reads the layout under <paramref name="root"/>, or under <see cref="CompetitionConfig.Root"/> when it is null.</summary>
    public static LabelledSource Read(CompetitionConfig config, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        root = Path.GetFullPath(root ?? config.Root);
        if (!Directory.Exists(root))
        {
            throw new DataSourceException($"competition.root: the folder {root} does not exist");
        }

        var trainCsv = Path.Combine(root, config.TrainCsv);
        var testCsv = Path.Combine(root, config.TestCsv);
        var problems = new List<string>();
        if (!File.Exists(trainCsv))
        {
            problems.Add($"competition.train_csv: the file {trainCsv} does not exist");
        }

        if (!File.Exists(testCsv))
        {
            problems.Add($"competition.test_csv: the file {testCsv} does not exist");
        }

        if (problems.Count > 0)
        {
            throw new DataSourceException(problems);
        }

        var train = CsvTable.Read(trainCsv, [IdColumn, LabelColumn], problems);
        var test = CsvTable.Read(testCsv, [IdColumn], problems);
        var truthPath = config.TestLabelsCsv is { Length: > 0 } name ? Path.Combine(root, name) : null;
        var truth = truthPath is not null && File.Exists(truthPath) ? CsvTable.Read(truthPath, [IdColumn, LabelColumn], problems) : null;
        if (train is null || test is null || problems.Count > 0)
        {
            throw new DataSourceException(problems);
        }

        var configured = config.Labels.Count > 0 ? config.Labels : null;
        var known = configured?.ToHashSet(StringComparer.Ordinal);
        if (configured is not null && known!.Count != configured.Count)
        {
            var repeated = configured.GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
            throw new DataSourceException($"competition.labels: the label list repeats {string.Join(", ", repeated.Select(r => $"'{r}'"))}");
        }

        var trainDir = Path.Combine(root, config.TrainDir);
        var testDir = Path.Combine(root, config.TestDir);
        var trainLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelled = new List<LabelledImage>();
        foreach (var row in train.Rows)
        {
            var at = $"{trainCsv}:{row.Line}";
            var (id, label) = (row.Values[0], row.Values[1]);
            if (!CheckId(id, at, row.Line, trainLines, Path.GetFileName(trainCsv), problems))
            {
                continue;
            }

            if (label.Length == 0)
            {
                problems.Add($"{at}: empty label for '{id}'");
                continue;
            }
            if (known is not null && !known.Contains(label))
            {
                problems.Add($"{at}: unknown label '{label}' for '{id}' (competition.labels: {string.Join(", ", configured!)})");
                continue;
            }
            var file = Path.Combine(trainDir, id + ".png");
            if (!File.Exists(file))
            {
                problems.Add($"{at}: the image file {file} of '{id}' does not exist");
                continue;
            }
            labelled.Add(LabelledImage.FromFile(id, label, file, new SourceOrigin(trainCsv, row.Line)));
        }

        var classes = configured?.ToArray() ?? labelled.Select(l => l.Label!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (configured is not null)
        {
            var used = labelled.Select(l => l.Label!).ToHashSet(StringComparer.Ordinal);
            foreach (var label in configured.Where(l => !used.Contains(l)))
            {
                problems.Add($"{trainCsv}: class '{label}' (from competition.labels) has no images");
            }
        }

        var truthById = truth is null ? null : ReadTruth(truth, known ?? classes.ToHashSet(StringComparer.Ordinal), problems);
        var testLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var testImages = new List<LabelledImage>();
        foreach (var row in test.Rows)
        {
            var at = $"{testCsv}:{row.Line}";
            var id = row.Values[0];
            if (!CheckId(id, at, row.Line, testLines, Path.GetFileName(testCsv), problems))
            {
                continue;
            }

            if (trainLines.TryGetValue(id, out int trainLine))
            {
                problems.Add($"{at}: test image_id '{id}' is also in {Path.GetFileName(trainCsv)} (line {trainLine})");
                continue;
            }
            var file = Path.Combine(testDir, id + ".png");
            if (!File.Exists(file))
            {
                problems.Add($"{at}: the image file {file} of '{id}' does not exist");
                continue;
            }
            string? label = null;
            if (truthById is not null && !truthById.TryGetValue(id, out label))
            {
                problems.Add($"{truthPath}: no ground-truth label for test image '{id}' ({at})");
            }

            testImages.Add(LabelledImage.FromFile(id, label, file, new SourceOrigin(testCsv, row.Line)));
        }
        if (truthById is not null)
        {
            foreach (var (id, _) in truthById.Where(t => !testLines.ContainsKey(t.Key)))
            {
                problems.Add($"{truthPath}: image_id '{id}' is not in {Path.GetFileName(testCsv)}");
            }
        }

        if (problems.Count > 0)
        {
            throw new DataSourceException(problems);
        }

        return new LabelledSource { Kind = DataConfig.CompetitionSource, Root = root, Classes = classes, Labelled = labelled, Test = testImages };
    }

    private static bool CheckId(string id, string at, int line, Dictionary<string, int> seen, string fileName, List<string> problems)
    {
        if (id.Length == 0)
        {
            problems.Add($"{at}: empty image_id");
            return false;
        }
        // An id names a file in the image folder; a path in it could reach outside the data.
        if (id.IndexOfAny(['/', '\\']) >= 0 || id is "." or "..")
        {
            problems.Add($"{at}: image_id '{id}' is not a plain file name");
            return false;
        }
        if (seen.TryGetValue(id, out int first))
        {
            problems.Add($"{at}: duplicate image_id '{id}' (first at {fileName} line {first})");
            return false;
        }
        seen[id] = line;
        return true;
    }

    private static Dictionary<string, string> ReadTruth(CsvTable truth, IReadOnlySet<string> classes, List<string> problems)
    {
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in truth.Rows)
        {
            var at = $"{truth.Path}:{row.Line}";
            var (id, label) = (row.Values[0], row.Values[1]);
            if (!CheckId(id, at, row.Line, lines, Path.GetFileName(truth.Path), problems))
            {
                continue;
            }

            if (label.Length == 0)
            {
                problems.Add($"{at}: empty label for '{id}'");
            }
            else if (!classes.Contains(label))
            {
                problems.Add($"{at}: unknown label '{label}' for '{id}' (not a class of train.csv)");
            }
            else
            {
                byId[id] = label;
            }
        }
        return byId;
    }
}

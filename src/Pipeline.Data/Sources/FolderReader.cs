using Pipeline.Data.Configuration;

namespace Pipeline.Data.Sources;

/// <summary>
/// Reads a folder-per-class layout (the Freiburg Groceries release: <c>images/BEANS/BEANS0001.png</c>).
/// Each sub-folder is a class whose label is the folder name lower-cased (TOMATO_SAUCE → tomato_sauce);
/// classes are sorted by label. An image's id is its path relative to the root without the extension
/// (<c>BEANS/BEANS0001</c>). The test split comes from a list file or a stratified, seeded fraction;
/// the held-out labels are kept as ground truth for scoring.
/// </summary>
public static class FolderReader
{
    /// <summary>File extensions taken as images; other files are listed as ignored.</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp" };

    /// <summary>Reads the layout under <see cref="FoldersConfig.Root"/>, or under <paramref name="root"/> when given.</summary>
    public static LabelledSource Read(FoldersConfig config, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        root = Path.GetFullPath(root ?? config.Root);
        if (!Directory.Exists(root))
        {
            throw new DataSourceException($"folders.root: the folder {root} does not exist");
        }

        var problems = new List<string>();
        var ignored = new List<IgnoredFile>();
        var folders = Directory.GetDirectories(root).Select(d => (Folder: d, Label: Path.GetFileName(d).ToLowerInvariant()))
            .OrderBy(f => f.Label, StringComparer.Ordinal).ToList();
        foreach (var clash in folders.GroupBy(f => f.Label).Where(g => g.Count() > 1))
        {
            problems.Add($"{root}: folders {string.Join(" and ", clash.Select(c => Path.GetFileName(c.Folder)))} both give the label '{clash.Key}'");
        }

        foreach (var file in Directory.GetFiles(root).Order(StringComparer.Ordinal))
        {
            ignored.Add(new IgnoredFile(Path.GetRelativePath(root, file), "not in a class folder"));
        }

        var images = new List<LabelledImage>();
        foreach (var (folder, label) in folders)
        {
            int before = images.Count;
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!ImageExtensions.Contains(Path.GetExtension(file)))
                {
                    ignored.Add(new IgnoredFile(relative, "not an image file extension"));
                    continue;
                }
                var id = relative[..^Path.GetExtension(relative).Length];
                images.Add(LabelledImage.FromFile(id, label, file, new SourceOrigin(file, 0)));
            }
            if (images.Count == before)
            {
                problems.Add($"{folder}: class '{label}' has no images");
            }
        }
        foreach (var clash in images.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{root}: id '{clash.Key}' is used by {string.Join(" and ", clash.Select(c => Path.GetFileName(c.FilePath)))}");
        }

        if (problems.Count > 0)
        {
            throw new DataSourceException(problems);
        }

        var classes = folders.Select(f => f.Label).ToArray();
        var isTest = config.TestList is { Length: > 0 } list
            ? ReadTestList(Path.IsPathRooted(list) ? list : Path.Combine(root, list), root, images)
            : StratifiedSplit.Choose(images.Select(i => Array.IndexOf(classes, i.Label)).ToArray(), classes.Length, config.TestFraction, config.Seed);

        var labelled = images.Where((_, i) => !isTest[i]).ToArray();
        var test = images.Where((_, i) => isTest[i]).ToArray();
        return new LabelledSource { Kind = DataConfig.FoldersSource, Root = root, Classes = classes, Labelled = labelled, Test = test, Ignored = ignored };
    }

    private static bool[] ReadTestList(string listPath, string root, IReadOnlyList<LabelledImage> images)
    {
        if (!File.Exists(listPath))
        {
            throw new DataSourceException($"folders.test_list: the file {listPath} does not exist");
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < images.Count; i++)
        {
            index[Path.GetRelativePath(root, images[i].FilePath!).Replace('\\', '/')] = i;
        }

        var isTest = new bool[images.Count];
        var problems = new List<string>();
        var lines = File.ReadAllLines(listPath);
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            // Freiburg's split files read "BEANS/BEANS0001.png 0": a path and the class id.
            var relative = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0].Replace('\\', '/');
            if (relative.StartsWith("images/", StringComparison.Ordinal) && !index.ContainsKey(relative))
            {
                relative = relative["images/".Length..];
            }

            if (!index.TryGetValue(relative, out int i))
            {
                problems.Add($"{listPath}:{n + 1}: '{relative}' is not an image under {root}");
            }
            else if (isTest[i])
            {
                problems.Add($"{listPath}:{n + 1}: '{relative}' is listed twice");
            }
            else
            {
                isTest[i] = true;
            }
        }
        if (problems.Count > 0)
        {
            throw new DataSourceException(problems);
        }

        return isTest;
    }
}

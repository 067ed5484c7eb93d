using System.Xml.Linq;

namespace Pipeline.Tests.Architecture;

/// <summary>
/// The layer of every project of <c>src/</c> and <c>build/</c>, declared here and nowhere else: a project may reference
/// only projects on a lower layer, so every arrow points down and no two projects of one layer know each other.
/// docs/architecture.md describes the layers and points here.
/// </summary>
public static class ProjectLayers
{
    /// <summary>Lowest first.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<string>> Order =
    [
        ["Pipeline.Foundation"],
        ["Pipeline.Config", "Pipeline.Runtime", "Pipeline.Cli.Abstractions"],
        ["Pipeline.Engine", "Pipeline.Data", "Pipeline.Models", "Pipeline.Augmentation", "Pipeline.Ensembling"],
        ["Pipeline.Training", "Pipeline.Inference", "Pipeline.Reporting"],
        ["Pipeline.Stages"],
        // The command line is the entry's: the stages see only what Pipeline.Cli.Abstractions declares.
        ["Pipeline.Benchmarks", "Pipeline.Cli"],
        ["_build"],
    ];

    /// <summary>Packages a project must not use, directly or through an imported props file: the engine knows nothing of images or torch, the foundation uses no package at all.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string, bool>> ForbiddenPackages = new Dictionary<string, Func<string, bool>>
    {
        ["Pipeline.Foundation"] = _ => true,
        ["Pipeline.Engine"] = IsImageOrTorch,
        ["Pipeline.Config"] = IsImageOrTorch,
        ["Pipeline.Data"] = IsTorch,
        ["Pipeline.Ensembling"] = IsTorch,
        ["Pipeline.Cli"] = IsImageOrTorch,
        ["Pipeline.Cli.Abstractions"] = _ => true,
    };

    /// <summary>Every rule broken by the projects under <paramref name="root"/>'s <c>src/</c> and <c>build/</c>, one line each.</summary>
    public static IReadOnlyList<string> Violations(string root)
    {
        var layerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var layer = 0; layer < Order.Count; layer++)
        {
            foreach (var project in Order[layer])
            {
                layerOf.Add(project, layer);
            }
        }

        var problems = new List<string>();
        foreach (var path in ProjectFiles(root))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var shown = Path.GetRelativePath(root, path);
            if (!layerOf.TryGetValue(name, out var own))
            {
                problems.Add($"{shown}: project {name} has no layer; add it to {nameof(ProjectLayers)}.{nameof(Order)}");
                continue;
            }

            var document = XDocument.Load(path);
            foreach (var reference in Items(document, "ProjectReference"))
            {
                var target = Path.GetFileNameWithoutExtension(reference.Replace('\\', '/'));
                if (!layerOf.TryGetValue(target, out var theirs))
                {
                    problems.Add($"{shown}: references {target}, which has no layer");
                }
                else if (theirs >= own)
                {
                    problems.Add($"{shown}: {name} (layer {own}) references {target} (layer {theirs}); a project may reference only lower layers");
                }
            }

            if (ForbiddenPackages.TryGetValue(name, out var forbidden))
            {
                foreach (var package in Packages(path).Where(forbidden))
                {
                    problems.Add($"{shown}: {name} must not use the package {package}");
                }
            }
        }

        return problems;
    }

    private static IEnumerable<string> ProjectFiles(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "build"), "*.csproj", SearchOption.TopDirectoryOnly))
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    // A project's packages with those of the props files it imports (Torch.props brings TorchSharp).
    private static IEnumerable<string> Packages(string projectPath)
    {
        var document = XDocument.Load(projectPath);
        var own = Items(document, "PackageReference");
        var imported = document.Descendants()
            .Where(e => e.Name.LocalName == "Import")
            .Select(e => (string?)e.Attribute("Project"))
            .Where(p => p is not null && !p.Contains('$', StringComparison.Ordinal))
            .Select(p => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(projectPath)!, p!)))
            .Where(File.Exists)
            .SelectMany(Packages);
        return own.Concat(imported);
    }

    private static IEnumerable<string> Items(XDocument document, string item) =>
        document.Descendants()
            .Where(e => e.Name.LocalName == item)
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>();

    private static bool IsTorch(string package) =>
        package.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || package.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase);

    private static bool IsImageOrTorch(string package) =>
        IsTorch(package) || package.StartsWith("SixLabors", StringComparison.OrdinalIgnoreCase)
        || package.StartsWith("ScottPlot", StringComparison.OrdinalIgnoreCase) || package.StartsWith("SkiaSharp", StringComparison.OrdinalIgnoreCase)
        || package.StartsWith("OnnxSharp", StringComparison.OrdinalIgnoreCase) || package.StartsWith("Microsoft.ML", StringComparison.OrdinalIgnoreCase);
}

using Pipeline.Augmentation.Specs;
using Pipeline.Config;
using Pipeline.Config.Binding;
using Pipeline.Foundation;

namespace Pipeline.Augmentation;

/// <summary>
/// Named augmentation pipelines. The built-in ones (<c>Presets/presets.yaml</c>, embedded) reproduce
/// the 2017 solution's phases; an experiment's <c>augmentations.yaml</c> (a mapping of name → list of
/// ops) adds presets or replaces built-in ones of the same name.
/// </summary>
public sealed class AugmentationPresets
{
    private const string ResourceName = "Pipeline.Augmentation.Presets.presets.yaml";
    private static readonly Lazy<AugmentationPresets> LazyBuiltIn = new(LoadBuiltIn);
    private readonly IReadOnlyDictionary<string, IReadOnlyList<AugmentationSpec>> presets;

    private AugmentationPresets(IReadOnlyDictionary<string, IReadOnlyList<AugmentationSpec>> presets) => this.presets = presets;

    /// <summary>The built-in presets.</summary>
    public static AugmentationPresets BuiltIn => LazyBuiltIn.Value;

    /// <summary>Preset names, sorted.</summary>
    public IReadOnlyList<string> Names => presets.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The YAML text of the built-in presets.</summary>
    public static string BuiltInYaml()
    {
        using var stream = typeof(AugmentationPresets).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from {typeof(AugmentationPresets).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Parses a presets file (name → list of ops); problems are a <see cref="ConfigException"/> naming <paramref name="file"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<AugmentationSpec>> Parse(string yaml, string file) =>
        ConfigBinder.Parse<Dictionary<string, IReadOnlyList<AugmentationSpec>>>(yaml, file);

    /// <summary>The built-in presets plus, replacing same-named ones, those of an experiment's augmentations.yaml.</summary>
    public static AugmentationPresets Load(string augmentationsYaml, string? baseFolder = null) =>
        BuiltIn.With(ConfigBinder.Load<Dictionary<string, IReadOnlyList<AugmentationSpec>>>(augmentationsYaml, baseFolder));

    /// <summary>These presets plus <paramref name="extra"/>, which wins on equal names.</summary>
    public AugmentationPresets With(IReadOnlyDictionary<string, IReadOnlyList<AugmentationSpec>> extra)
    {
        var merged = new Dictionary<string, IReadOnlyList<AugmentationSpec>>(presets, StringComparer.Ordinal);
        foreach (var (name, ops) in extra)
        {
            merged[name] = ops;
        }

        return new AugmentationPresets(merged);
    }

    /// <summary>Whether a preset of that name exists.</summary>
    public bool Contains(string name) => presets.ContainsKey(name);

    /// <summary>The ops of a preset; an unknown name throws, listing the close matches.</summary>
    public IReadOnlyList<AugmentationSpec> Resolve(string name)
    {
        if (presets.TryGetValue(name, out var ops))
        {
            return ops;
        }

        var close = Suggestions.AllClose(name, presets.Keys.Order(StringComparer.Ordinal));
        var hint = close.Count > 0 ? $" Did you mean {string.Join(", ", close)}?" : "";
        throw new KeyNotFoundException($"Unknown augmentation preset '{name}'.{hint} Known: {string.Join(", ", Names)}.");
    }

    /// <summary>Builds the augmenter of a named preset (clamped to [0,1]).</summary>
    public IAugmenter Create(string name) => AugmenterFactory.Create([new PresetSpec { Name = name }], this);

    private static AugmentationPresets LoadBuiltIn() => new(Parse(BuiltInYaml(), "Pipeline.Augmentation/Presets/presets.yaml"));
}

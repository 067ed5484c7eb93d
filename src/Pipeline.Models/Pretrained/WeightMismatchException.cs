namespace Pipeline.Models.Pretrained;

/// <summary>A weights file that does not fit the model: lists missing keys, unexpected keys and shape mismatches.</summary>
public sealed class WeightMismatchException : Exception
{
    public WeightMismatchException(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapeMismatches)
        : base(Describe(source, missing, unexpected, shapeMismatches))
    {
        Source = source;
        Missing = missing;
        Unexpected = unexpected;
        ShapeMismatches = shapeMismatches;
    }

    /// <summary>The weights file.</summary>
    public new string Source { get; }

    /// <summary>Model keys the file lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>File keys the model lacks (head keys are skipped, never reported).</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>"key: file [a, b] vs model [c, d]" for each key whose shapes differ.</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }

    private static string Describe(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapes)
    {
        static string List(string title, IReadOnlyList<string> items) =>
            items.Count == 0 ? "" : $"\n  {title} ({items.Count}): {string.Join(", ", items.Take(20))}{(items.Count > 20 ? ", ..." : "")}";
        return $"{source}: the weights do not fit the model." + List("missing keys", missing) + List("unexpected keys", unexpected) + List("shape mismatches", shapes);
    }
}

namespace Pipeline.Models.Pretrained;

/// <summary>What loading a weights file did: how the weights were found, how many were loaded, and every key left out with the reason.</summary>
public sealed record PretrainedWeightsReport(string Source, string Format, string? Wrapper, bool RemovedModulePrefix, int Loaded, IReadOnlyList<string> Skipped)
{
    /// <summary>One line for the training log.</summary>
    public override string ToString()
    {
        var how = new List<string> { Format };
        if (Wrapper is not null)
        {
            how.Add($"inside '{Wrapper}'");
        }

        if (RemovedModulePrefix)
        {
            how.Add("'module.' prefix removed");
        }

        var line = $"pretrained weights {Source} ({string.Join(", ", how)}): {Loaded} tensors loaded";
        return Skipped.Count == 0 ? line : $"{line}; left out: {string.Join("; ", Skipped)}";
    }
}

using System.Globalization;

namespace Pipeline.Benchmarks;

/// <summary>The environment options of the <c>step</c> and <c>infer</c> workers, parsed with errors that name the variable.</summary>
public static class WorkerOptions
{
    /// <summary><c>contiguous</c> (default) or <c>channels_last</c>: the layout of the model's weights and input.</summary>
    public const string MemoryFormatVariable = "PIPELINE_BENCH_MEMORY_FORMAT";

    /// <summary>Comma-separated test images per TTA forward call for the <c>infer</c> worker (each call holds that many × the copies).</summary>
    public const string TtaImagesVariable = "PIPELINE_BENCH_TTA_IMAGES";

    public static TensorLayout MemoryFormat(string? value) => value?.Trim() switch
    {
        null or "" or "contiguous" => TensorLayout.Contiguous,
        "channels_last" => TensorLayout.ChannelsLast,
        _ => throw new ArgumentException($"{MemoryFormatVariable}='{value}' is not a memory format: use contiguous or channels_last"),
    };

    /// <summary>The images per call listed in <paramref name="value"/>, or null when it is unset (the worker's defaults).</summary>
    public static IReadOnlyList<int>? TtaImages(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var result = new List<int>();
        foreach (var part in value.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var images) || images < 1)
            {
                throw new ArgumentException($"{TtaImagesVariable}='{value}': '{part.Trim()}' is not a positive whole number of images per forward call");
            }

            result.Add(images);
        }

        return result;
    }

    /// <summary>Test images per call whose views fill about <paramref name="forwardImages"/> forward images: the nearest whole number, at least 1.</summary>
    public static int ImagesForForwardBatch(int forwardImages, int viewCount) =>
        Math.Max(1, (int)Math.Round(forwardImages / (double)viewCount, MidpointRounding.AwayFromZero));
}

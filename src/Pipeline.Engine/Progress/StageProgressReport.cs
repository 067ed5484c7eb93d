using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Engine;

/// <summary>
/// One structured progress record of a running stage: one JSON object per line of the run's progress file
/// (<see cref="ArtifactLayout.ProgressPath"/>). The stage writes it; the orchestrator reads it. Every field but
/// <see cref="Time"/> is optional, so a stage reports what it knows (a TTA stage has no epochs).
/// </summary>
public sealed record StageProgressReport
{
    /// <summary>When the stage wrote the record.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>What the stage is doing now, e.g. a training phase's name (<c>head</c>, <c>all</c>) or <c>tta</c>.</summary>
    public string? Phase { get; init; }

    /// <summary>The current epoch, 1-based, counted over the whole run.</summary>
    public int? Epoch { get; init; }

    /// <summary>Epochs of the whole run.</summary>
    public int? Epochs { get; init; }

    /// <summary>Steps finished in the current epoch (or unit of work).</summary>
    public int? Step { get; init; }

    /// <summary>Steps of the current epoch.</summary>
    public int? Steps { get; init; }

    /// <summary>Images per second of the current epoch so far (of the finished epoch on an epoch-end record).</summary>
    public double? ImagesPerSecond { get; init; }

    /// <summary>Fraction of the whole run's work done, 0 to 1: what an ETA is computed from.</summary>
    public double? Fraction { get; init; }

    /// <summary>True on the record written when an epoch (with its validation) has finished.</summary>
    public bool EpochEnd { get; init; }

    /// <summary>A short free-text detail for people (<c>val acc 83.1%</c>); never parsed.</summary>
    public string? Detail { get; init; }

    /// <summary>The record as one line of JSON (no line break inside).</summary>
    public string ToJsonLine()
    {
        var json = new JsonObject { ["time"] = Time.ToString("O", CultureInfo.InvariantCulture) };
        if (Phase is not null)
        {
            json["phase"] = Phase;
        }

        if (Epoch is { } epoch)
        {
            json["epoch"] = epoch;
        }

        if (Epochs is { } epochs)
        {
            json["epochs"] = epochs;
        }

        if (Step is { } step)
        {
            json["step"] = step;
        }

        if (Steps is { } steps)
        {
            json["steps"] = steps;
        }

        if (ImagesPerSecond is { } rate && double.IsFinite(rate))
        {
            json["images_per_second"] = Math.Round(rate, 2);
        }

        if (Fraction is { } fraction && double.IsFinite(fraction))
        {
            json["fraction"] = Math.Round(Math.Clamp(fraction, 0, 1), 6);
        }

        if (EpochEnd)
        {
            json["epoch_end"] = true;
        }

        if (Detail is not null)
        {
            json["detail"] = Detail;
        }

        return json.ToJsonString();
    }

    /// <summary>Parses one line; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static StageProgressReport Parse(string line)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(line) as JsonObject ?? throw new FormatException("not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message})", e);
        }

        try
        {
            var time = json["time"]?.GetValue<string>() ?? throw new FormatException("'time' is missing");
            return new StageProgressReport
            {
                Time = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Phase = json["phase"]?.GetValue<string>(),
                Epoch = json["epoch"]?.GetValue<int>(),
                Epochs = json["epochs"]?.GetValue<int>(),
                Step = json["step"]?.GetValue<int>(),
                Steps = json["steps"]?.GetValue<int>(),
                ImagesPerSecond = json["images_per_second"]?.GetValue<double>(),
                Fraction = json["fraction"]?.GetValue<double>(),
                EpochEnd = json["epoch_end"]?.GetValue<bool>() ?? false,
                Detail = json["detail"]?.GetValue<string>(),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException)
        {
            throw new FormatException($"a field has the wrong type ({e.Message})", e);
        }
    }
}

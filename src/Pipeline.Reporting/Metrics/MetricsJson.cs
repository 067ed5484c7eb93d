using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Ensembling.Combining;
using Pipeline.Foundation;

namespace Pipeline.Reporting.Metrics;

/// <summary>
/// Writes and reads <c>metrics.json</c>. Keys come in a fixed order (headline, ladder, per_class,
/// members, methods, test_accuracy) and numbers are rounded to 6 decimals, so two runs with the same
/// results give the same bytes and a diff shows only real changes.
/// </summary>
public static class MetricsJson
{
    private const int Decimals = 6;

    /// <summary>The JSON text, indented, LF line endings, trailing newline.</summary>
    public static string Serialize(MetricsReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            if (report.HeadlineAccuracy is { } headline)
            {
                json.WriteStartObject("headline");
                json.WriteString("name", "val_accuracy");
                WriteNumber(json, "value", headline);
                json.WriteEndObject();
            }

            json.WriteStartArray("ladder");
            foreach (var step in report.Ladder)
            {
                json.WriteStartObject();
                json.WriteString("step", step.Step);
                WriteNumber(json, "accuracy", step.Accuracy);
                WriteNumber(json, "gain", step.Gain);
                json.WriteString("detail", step.Detail);
                if (step.TestAccuracy is { } onTest)
                {
                    WriteNumber(json, "test_accuracy", onTest);
                }

                WriteChange(json, "test_change", step.TestChange);
                WriteChange(json, "test_change_from_tta", step.TestChangeFromTta);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartObject("per_class");
            foreach (var c in report.PerClass)
            {
                WriteNumber(json, c.Class, c.Accuracy);
            }

            json.WriteEndObject();

            json.WriteStartArray("members");
            foreach (var m in report.Members)
            {
                json.WriteStartObject();
                json.WriteString("model", m.Model);
                json.WriteString("checkpoint", m.Checkpoint);
                json.WriteNumber("tta", m.Tta);
                WriteNumber(json, "weight", m.Weight);
                WriteNumber(json, "val_accuracy", m.ValAccuracy);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartObject("methods");
            foreach (var m in report.Methods)
            {
                WriteNumber(json, m.Method, m.Accuracy);
            }

            json.WriteEndObject();

            if (report.TestAccuracy is { } test)
            {
                WriteNumber(json, "test_accuracy", test);
            }

            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes atomically (temporary file, then a move over <paramref name="path"/>).</summary>
    public static void Write(string path, MetricsReport report) => AtomicFile.WriteAllText(path, Serialize(report));

    /// <summary>Reads a file written by <see cref="Write"/>; errors name the file.</summary>
    public static MetricsReport Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Metrics file '{path}' is not a report metrics.json: {e.Message}", e);
        }
    }

    /// <summary>Parses the JSON text of a report <c>metrics.json</c>; missing sections read as empty.</summary>
    public static MetricsReport Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        double? headline = root.TryGetProperty("headline", out var h) && h.TryGetProperty("value", out var hv) ? Number(hv) : null;

        var ladder = new List<LadderStep>();
        if (root.TryGetProperty("ladder", out var l))
        {
            foreach (var step in l.EnumerateArray())
            {
                ladder.Add(new LadderStep(
                    step.GetProperty("step").GetString()!,
                    step.TryGetProperty("accuracy", out var a) ? Number(a) : null,
                    step.TryGetProperty("gain", out var g) ? Number(g) : null,
                    step.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "",
                    step.TryGetProperty("test_accuracy", out var ta) ? Number(ta) : null,
                    ReadChange(step, "test_change"),
                    ReadChange(step, "test_change_from_tta")));
            }
        }

        var perClass = root.TryGetProperty("per_class", out var pc)
            ? pc.EnumerateObject().Select(p => new ClassAccuracy(p.Name, Number(p.Value))).ToList()
            : [];

        var members = new List<MemberMetrics>();
        if (root.TryGetProperty("members", out var ms))
        {
            foreach (var m in ms.EnumerateArray())
            {
                members.Add(new MemberMetrics(
                    m.GetProperty("model").GetString()!,
                    m.GetProperty("checkpoint").GetString()!,
                    m.GetProperty("tta").GetInt32(),
                    m.GetProperty("weight").GetDouble(),
                    Number(m.GetProperty("val_accuracy"))));
            }
        }

        var methods = root.TryGetProperty("methods", out var me)
            ? me.EnumerateObject().Select(p => new MethodAccuracy(p.Name, p.Value.GetDouble())).ToList()
            : [];
        double? testAccuracy = root.TryGetProperty("test_accuracy", out var t) ? Number(t) : null;
        return new MetricsReport(headline, ladder, perClass, members, methods, testAccuracy);
    }

    private static double? Number(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : element.GetDouble();

    private static void WriteChange(Utf8JsonWriter json, string name, PairedChange? change)
    {
        if (change is null)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("fixed", change.Fixed);
        json.WriteNumber("broken", change.Broken);
        // Four significant digits, not six decimals: a small p-value must not round to 0.
        json.WriteNumber("p_value", double.Parse(change.PValue.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static PairedChange? ReadChange(JsonElement step, string name) =>
        step.TryGetProperty(name, out var c)
            ? new PairedChange(c.GetProperty("fixed").GetInt32(), c.GetProperty("broken").GetInt32(), c.GetProperty("p_value").GetDouble())
            : null;

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is not { } v)
        {
            json.WriteNull(name);
            return;
        }
        if (!double.IsFinite(v))
        {
            throw new ArgumentException($"metrics.json value '{name}' is {v}; JSON has no such number.", nameof(value));
        }

        json.WriteNumber(name, Math.Round(v, Decimals, MidpointRounding.AwayFromZero));
    }
}

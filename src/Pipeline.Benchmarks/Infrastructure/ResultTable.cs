using System.Globalization;
using System.Text;

namespace Pipeline.Benchmarks.Infrastructure;

/// <summary>The printed table: id, median, unit, goal and whether it is met, spread of the samples, what was measured.</summary>
public static class ResultTable
{
    public static string Render(MachineInfo machine, IReadOnlyList<Figure> figures)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Benchmark, {machine.Date:yyyy-MM-dd HH:mm} UTC, {machine.Machine}: {machine.CpuModel}, {machine.LogicalCores} logical cores, {machine.MemoryTotal}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {machine.DotNet}, TorchSharp {machine.TorchSharp}, libtorch {machine.LibTorch}, {machine.TorchThreads} torch threads, load average at start {machine.LoadAverageAtStart}");
        text.AppendLine();
        var rows = figures.Select(f => new[]
        {
            f.Id,
            Format(f.Median),
            f.Unit,
            f.Goal is null ? "" : $"{f.Goal} {(f.Met == true ? "met" : "MISSED")}",
            f.Samples.Count > 1 ? $"{Format(f.Samples.Min())}..{Format(f.Samples.Max())} (n={f.Samples.Count})" : "",
            f.Note is null ? f.Name : $"{f.Name} [{f.Note}]",
        }).ToList();
        string[] header = ["figure", "median", "unit", "goal", "range", "what"];
        var widths = Enumerable.Range(0, 5).Select(c => Math.Max(header[c].Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        void Line(string[] cells) =>
            text.AppendLine(string.Join("  ", cells.Take(5).Select((c, i) => i is 1 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))) + "  " + cells[5]);
        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }

        return text.ToString();
    }

    public static string Format(double value) =>
        double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("0.000", CultureInfo.InvariantCulture);
}

using System.Globalization;
using Pipeline.Reporting.Html;
using Pipeline.Reporting.Metrics;
using ScottPlot;

namespace Pipeline.Reporting.Charts;

/// <summary>The report's figures, drawn with ScottPlot 5 and returned as PNG bytes.</summary>
public static class ReportCharts
{
    private static readonly Color Primary = Color.FromHex("#2563EB");
    private static readonly Color Secondary = Color.FromHex("#F59E0B");
    private static readonly Color Muted = Color.FromHex("#94A3B8");
    private static readonly Color Ink = Color.FromHex("#1E293B");

    /// <summary>Ladder accuracies as bars; steps without a measurement are left empty and labelled "n/a".</summary>
    public static byte[] Ladder(IReadOnlyList<LadderStep> ladder, int width = 760, int height = 360) =>
        AccuracyBars(
            ladder.Select(s => (s.Step.Replace('_', ' '), s.Accuracy)).ToList(),
            "Validation accuracy by ladder step", width, height);

    /// <summary>Validation accuracy of each combination method.</summary>
    public static byte[] Methods(IReadOnlyList<(string Method, double Accuracy)> methods, int width = 560, int height = 300) =>
        AccuracyBars(methods.Select(m => (m.Method, (double?)m.Accuracy)).ToList(), "Combination methods (validation)", width, height);

    /// <summary>Per-class accuracy as horizontal bars, classes top to bottom in the given order.</summary>
    public static byte[] PerClass(IReadOnlyList<ClassAccuracy> perClass, int width = 760)
    {
        using var plot = NewPlot();
        var count = perClass.Count;
        var bars = new List<Bar>();
        for (var i = 0; i < count; i++)
        {
            var value = perClass[i].Accuracy ?? 0;
            bars.Add(new Bar
            {
                // Bottom-up axis: place the first class at the top.
                Position = count - 1 - i,
                Value = value,
                FillColor = value >= 0.9 ? Primary : value >= 0.75 ? Secondary : Color.FromHex("#DC2626"),
                Label = perClass[i].Accuracy is { } a ? Percent(a) : "n/a",
                Orientation = Orientation.Horizontal,
                LineWidth = 0,
            });
        }
        var barPlot = plot.Add.Bars(bars.ToArray());
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks(
            Enumerable.Range(0, count).Select(i => (double)(count - 1 - i)).ToArray(),
            perClass.Select(c => c.Class).ToArray());
        plot.Axes.SetLimitsX(0, 1.12);
        plot.Axes.SetLimitsY(-0.7, count - 0.3);
        plot.Axes.Bottom.SetTicks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"]);
        plot.Title("Per-class accuracy (validation)");
        return Png(plot, width, Math.Max(240, 60 + 22 * count));
    }

    /// <summary>
    /// Confusion matrix: colour is the row-normalised rate (how a true class's images were predicted),
    /// the number in a cell the raw count; rows are true classes, columns predictions.
    /// </summary>
    public static byte[] Confusion(IReadOnlyList<string> classes, int[][] matrix, int size = 760)
    {
        var n = classes.Count;
        if (matrix.Length != n || matrix.Any(r => r.Length != n))
        {
            throw new ArgumentException($"Confusion matrix is not {n}×{n} for {n} classes.", nameof(matrix));
        }

        using var plot = NewPlot();
        var rates = new double[n, n];
        for (var t = 0; t < n; t++)
        {
            var total = Math.Max(1, matrix[t].Sum());
            for (var p = 0; p < n; p++)
            {
                rates[t, p] = (double)matrix[t][p] / total;
            }
        }
        var heatmap = plot.Add.Heatmap(rates);
        // ScottPlot's Blues runs dark to light; reversed, an empty cell is near white and the diagonal dark.
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());
        // Cell (row r, column c) is centred on (c, n-1-r): the first true class is the top row.
        heatmap.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        var fontSize = n > 15 ? 9 : 12;
        for (var t = 0; t < n; t++)
        {
            for (var p = 0; p < n; p++)
            {
                if (matrix[t][p] == 0)
                {
                    continue;
                }

                var text = plot.Add.Text(matrix[t][p].ToString(CultureInfo.InvariantCulture), p, n - 1 - t);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = fontSize;
                text.LabelFontColor = rates[t, p] > 0.5 ? Colors.White : Ink;
            }
        }
        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, classes.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        // Room for the rotated class names, which ScottPlot does not measure when sizing the axis.
        plot.Axes.Bottom.MinimumSize = 12 + 7 * classes.Max(c => c.Length);
        plot.Axes.Left.SetTicks(positions.Select(p => n - 1 - p).ToArray(), classes.ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Title("Confusion matrix (validation, submitted ensemble)");
        plot.HideGrid();
        return Png(plot, size, size);
    }

    /// <summary>Train and validation curves of one quantity per epoch, with dashed lines where a training phase starts.</summary>
    public static byte[] LearningCurve(string model, IReadOnlyList<EpochRow> epochs, bool accuracy, int width = 560, int height = 320)
    {
        using var plot = NewPlot();
        var x = Enumerable.Range(1, epochs.Count).Select(i => (double)i).ToArray();
        AddSeries(plot, x, epochs.Select(e => accuracy ? e.TrainAcc : e.TrainLoss).ToArray(), "train", Muted);
        AddSeries(plot, x, epochs.Select(e => accuracy ? e.ValAcc : e.ValLoss).ToArray(), "validation", Primary);
        for (var i = 1; i < epochs.Count; i++)
        {
            if (epochs[i].Phase == epochs[i - 1].Phase)
            {
                continue;
            }

            var line = plot.Add.VerticalLine(i + 0.5);
            line.Color = Muted.WithAlpha(0.7);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1;
            line.Text = epochs[i].Phase;
            line.LabelFontSize = 10;
        }
        plot.Title($"{model}: {(accuracy ? "accuracy" : "loss")}");
        plot.XLabel("epoch");
        if (accuracy)
        {
            plot.Axes.SetLimitsY(0, 1.02);
        }
        // Loss falls and accuracy rises: put the legend in the corner the curves leave empty.
        plot.ShowLegend(accuracy ? Alignment.LowerRight : Alignment.UpperRight);
        var step = Math.Max(1, (int)Math.Ceiling(epochs.Count / 10.0));
        var ticks = Enumerable.Range(1, epochs.Count).Where(e => (e - 1) % step == 0).Select(e => (double)e).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, ticks.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        return Png(plot, width, height);
    }

    /// <summary>A stand-in figure saying what is missing, so a section never shows a broken image.</summary>
    public static byte[] Placeholder(string message, int width = 560, int height = 120)
    {
        using var plot = NewPlot();
        plot.HideAxesAndGrid();
        var text = plot.Add.Text(message, 0, 0);
        text.Alignment = Alignment.MiddleCenter;
        text.LabelFontSize = 14;
        text.LabelFontColor = Muted;
        plot.Axes.SetLimits(-1, 1, -1, 1);
        return Png(plot, width, height);
    }

    private static void AddSeries(Plot plot, double[] x, double?[] values, string label, Color color)
    {
        var points = x.Zip(values).Where(p => p.Second is { } v && double.IsFinite(v)).ToArray();
        if (points.Length == 0)
        {
            return;
        }

        var scatter = plot.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => p.Second!.Value).ToArray(), color);
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = points.Length > 40 ? 0 : 4;
    }

    private static byte[] AccuracyBars(IReadOnlyList<(string Label, double? Accuracy)> items, string title, int width, int height)
    {
        using var plot = NewPlot();
        var measured = items.Where(i => i.Accuracy is not null).Select(i => i.Accuracy!.Value).ToList();
        // Start the axis a little below the lowest bar: the steps differ by a few points, invisible from 0.
        var floor = measured.Count == 0 ? 0 : Math.Max(0, Math.Floor((measured.Min() - 0.05) * 20) / 20);
        var bars = items.Select((item, i) => new Bar
        {
            Position = i,
            ValueBase = floor,
            Value = item.Accuracy ?? floor,
            FillColor = i == items.Count - 1 ? Primary : Primary.WithAlpha(0.55),
            Label = item.Accuracy is { } a ? Percent(a) : "n/a",
            LineWidth = 0,
        }).ToArray();
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 12;
        barPlot.ValueLabelStyle.Bold = true;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, items.Count).Select(i => (double)i).ToArray(), items.Select(i => i.Label).ToArray());
        // Headroom above the tallest bar for its value label, even at 100%.
        var top = (measured.Count == 0 ? 1 : measured.Max()) + 0.04;
        plot.Axes.SetLimits(-0.6, items.Count - 0.4, floor, Math.Max(top, floor + 0.05));
        var ticks = Enumerable.Range(0, 21).Select(i => i * 0.05).Where(v => v >= floor - 1e-9 && v <= Math.Min(1, top) + 1e-9).ToArray();
        plot.Axes.Left.SetTicks(ticks, ticks.Select(Percent).ToArray());
        plot.Title(title);
        return Png(plot, width, height);
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(Ink);
        plot.Grid.MajorLineColor = Color.FromHex("#E2E8F0");
        plot.Axes.Title.Label.FontSize = 15;
        return plot;
    }

    // Set last, so text added after the axes (bar labels, cell counts) gets the same face. DejaVu Sans
    // ships with Debian's chromium and fontconfig; elsewhere Skia falls back to its default face.
    private static byte[] Png(Plot plot, int width, int height)
    {
        plot.Font.Set("DejaVu Sans");
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static string Percent(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);
}

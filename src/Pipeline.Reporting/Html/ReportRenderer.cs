using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Reporting.Charts;
using Pipeline.Reporting.Metrics;

namespace Pipeline.Reporting.Html;

/// <summary>
/// Renders <c>index.html</c>: one self-contained page (inline CSS, figures as base64 data URIs, no
/// scripts, no external fonts) that opens offline. The same input gives the same bytes.
/// </summary>
public static class ReportRenderer
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Renders the page and its figures.</summary>
    /// <exception cref="FileNotFoundException">The augmentation preview path was given but does not exist.</exception>
    public static RenderedReport Render(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var figures = new List<ReportFigure>();
        var html = new StringBuilder();
        var metrics = input.Metrics;

        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(input.Title)).Append(" · ").Append(E(input.ExperimentName)).Append("</title>\n")
            .Append("<style>").Append(ReportStyle.Css).Append("</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header>\n<h1>").Append(E(input.Title)).Append("</h1>\n")
            .Append("<p class=\"subtitle\">Experiment <strong id=\"experiment\">").Append(E(input.ExperimentName)).Append("</strong></p>\n");
        html.Append("<div class=\"cards\">\n");
        Card(html, "Validation accuracy (submitted ensemble)", Percent(metrics.HeadlineAccuracy));
        if (metrics.TestAccuracy is { } test)
        {
            Card(html, "Test accuracy (known labels)", Percent(test));
        }

        var last = metrics.Ladder.LastOrDefault(s => s.Accuracy is not null);
        var first = metrics.Ladder.FirstOrDefault(s => s.Accuracy is not null);
        if (first is not null && last is not null && !ReferenceEquals(first, last))
        {
            Card(html, $"Gain from {Step(first.Step)} to {Step(last.Step)}", Points(last.Accuracy!.Value - first.Accuracy!.Value));
        }

        Card(html, "Ensemble members", metrics.Members.Count(m => m.Weight > 0).ToString(CultureInfo.InvariantCulture));
        html.Append("</div>\n");
        foreach (var note in input.Notes)
        {
            html.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
        }

        html.Append("</header>\n");

        var onTest = metrics.Ladder.Any(s => s.TestAccuracy is not null);
        Section(html, "ladder-section", "Ablation ladder", onTest
            ? "Each step on the validation split and its gain over the step before; then the same step on the test split (its labels are known here), with every choice made on validation. "
              + "Fixed / broken: test images the step gets right that the step before got wrong, and the reverse; p: the exact McNemar test of those two counts (above 0.05, the change is within noise). "
              + "From TTA: the same comparison of an ensemble step with the TTA step, i.e. what ensembling has added up to it."
            : "Each step on the validation split, and its gain over the step before.");
        html.Append("<table id=\"ladder\">\n<thead><tr><th>Step</th><th class=\"num\">Accuracy</th><th class=\"num\">Gain</th>")
            .Append(onTest ? "<th class=\"num\">Test</th><th class=\"num\">Test gain</th><th class=\"num\">Fixed / broken</th><th class=\"num\">p</th><th class=\"num\">From TTA</th><th class=\"num\">p</th>" : "").Append("<th>Detail</th></tr></thead>\n<tbody>\n");
        double? previousTest = null;
        foreach (var step in metrics.Ladder)
        {
            html.Append("<tr data-step=\"").Append(E(step.Step)).Append("\"><td>").Append(E(Step(step.Step))).Append("</td>")
                .Append("<td class=\"num\">").Append(Percent(step.Accuracy)).Append("</td>")
                .Append(GainCell(step.Gain));
            if (onTest)
            {
                html.Append("<td class=\"num\">").Append(Percent(step.TestAccuracy)).Append("</td>")
                    .Append(GainCell(step.TestAccuracy is { } t && previousTest is { } p ? t - p : null));
                previousTest = step.TestAccuracy;
                ChangeCells(html, step.TestChange);
                ChangeCells(html, step.TestChangeFromTta);
            }

            html.Append("<td class=\"detail\">").Append(E(step.Detail)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        Figure(html, figures, new ReportFigure("ladder.png", "Bar chart of validation accuracy per ladder step", ReportCharts.Ladder(metrics.Ladder)));
        html.Append("</section>\n");

        if (metrics.Methods.Count > 0)
        {
            Section(html, "methods-section", "Combination methods", "The configured members combined each way, scored on validation. Greedy weights are fitted on the same split, so its figure is optimistic.");
            html.Append("<div class=\"split\">\n<table id=\"methods\">\n<thead><tr><th>Method</th><th class=\"num\">Accuracy</th></tr></thead>\n<tbody>\n");
            var best = metrics.Methods.Max(m => m.Accuracy);
            foreach (var m in metrics.Methods)
            {
                html.Append("<tr").Append(m.Accuracy == best ? " class=\"best\"" : "").Append("><td>").Append(E(m.Method)).Append("</td><td class=\"num\">")
                    .Append(Percent(m.Accuracy)).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
            Figure(html, figures, new ReportFigure("methods.png", "Bar chart of validation accuracy per combination method",
                ReportCharts.Methods(metrics.Methods.Select(m => (m.Method, m.Accuracy)).ToList())));
            html.Append("</div>\n</section>\n");
        }

        if (metrics.PerClass.Count > 0)
        {
            Section(html, "per-class-section", "Per-class accuracy", "Share of each class's validation images the submitted ensemble gets right.");
            var support = input.ConfusionMatrix is { } cm && cm.Length == metrics.PerClass.Count ? cm.Select(r => r.Sum()).ToArray() : null;
            html.Append("<div class=\"split\">\n<table id=\"per-class\">\n<thead><tr><th>Class</th><th class=\"num\">Accuracy</th>")
                .Append(support is null ? "" : "<th class=\"num\">Images</th>").Append("</tr></thead>\n<tbody>\n");
            for (var i = 0; i < metrics.PerClass.Count; i++)
            {
                var c = metrics.PerClass[i];
                html.Append("<tr><td>").Append(E(c.Class)).Append("</td><td class=\"num\">").Append(Percent(c.Accuracy)).Append("</td>");
                if (support is not null)
                {
                    html.Append("<td class=\"num\">").Append(support[i].ToString(CultureInfo.InvariantCulture)).Append("</td>");
                }

                html.Append("</tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
            Figure(html, figures, new ReportFigure("per_class.png", "Bar chart of per-class validation accuracy", ReportCharts.PerClass(metrics.PerClass)));
            html.Append("</div>\n</section>\n");
        }

        if (input.ConfusionMatrix is { } matrix && input.Classes.Count > 0)
        {
            Section(html, "confusion-section", "Confusion matrix", "Rows are true classes, columns predictions; shade is the share of the row, numbers are image counts.");
            Figure(html, figures, new ReportFigure("confusion.png", "Confusion matrix heatmap with class labels", ReportCharts.Confusion(input.Classes, matrix)));
            html.Append("</section>\n");
        }

        if (metrics.Members.Count > 0)
        {
            Section(html, "members-section", "Ensemble members", "Each (model, checkpoint, TTA version) with its weight in the submitted ensemble and its own validation accuracy.");
            html.Append("<table id=\"members\">\n<thead><tr><th>Model</th><th>Checkpoint</th><th>TTA</th><th class=\"num\">Weight</th><th class=\"num\">Accuracy</th></tr></thead>\n<tbody>\n");
            foreach (var m in metrics.Members)
            {
                html.Append("<tr").Append(m.Weight > 0 ? "" : " class=\"unused\"").Append("><td>").Append(E(m.Model)).Append("</td><td>").Append(E(m.Checkpoint))
                    .Append("</td><td>").Append(m.Tta < 0 ? "plain" : m.Tta.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td class=\"num\">").Append(m.Weight.ToString("0.##", CultureInfo.InvariantCulture))
                    .Append("</td><td class=\"num\">").Append(Percent(m.ValAccuracy)).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n</section>\n");
        }

        if (input.LearningCurves.Count > 0)
        {
            Section(html, "curves-section", "Learning curves", "Per epoch across all training phases; dashed lines mark where a phase begins.");
            foreach (var curve in input.LearningCurves)
            {
                html.Append("<h3>").Append(E(curve.Model)).Append("</h3>\n<div class=\"pair\">\n");
                var safe = SafeName(curve.Model);
                if (curve.Epochs.Count == 0)
                {
                    Figure(html, figures, new ReportFigure($"curve_{safe}.png", $"No epochs recorded for {curve.Model}", ReportCharts.Placeholder($"no epochs recorded for {curve.Model}")));
                }
                else
                {
                    Figure(html, figures, new ReportFigure($"curve_{safe}_loss.png", $"Training and validation loss of {curve.Model}", ReportCharts.LearningCurve(curve.Model, curve.Epochs, accuracy: false)));
                    Figure(html, figures, new ReportFigure($"curve_{safe}_accuracy.png", $"Training and validation accuracy of {curve.Model}", ReportCharts.LearningCurve(curve.Model, curve.Epochs, accuracy: true)));
                }
                html.Append("</div>\n");
            }
            html.Append("</section>\n");
        }

        if (input.AugmentationPreviewPath is { } previewPath)
        {
            if (!File.Exists(previewPath))
            {
                throw new FileNotFoundException($"Report: the augmentation preview '{previewPath}' does not exist.", previewPath);
            }

            var png = File.ReadAllBytes(previewPath);
            if (!png.AsSpan().StartsWith(PngSignature))
            {
                throw new InvalidDataException($"Report: the augmentation preview '{previewPath}' is not a PNG file.");
            }

            Section(html, "augmentation-section", "Augmentation preview", "Training images as the augmentation pipeline presents them to the network.");
            html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
                .Append("\" alt=\"Grid of augmented training images\"></figure>\n</section>\n");
        }

        if (input.Pseudolabels is { } pseudo)
        {
            Section(html, "pseudolabel-section", "Pseudolabels", $"Test images labelled by the teacher ensemble ({pseudo.Rule}); validation images are never pseudo-labelled.");
            html.Append("<div class=\"cards\">\n");
            Card(html, "Images taken", $"{pseudo.CountsPerClass.Sum().ToString(CultureInfo.InvariantCulture)} of {pseudo.TestImages.ToString(CultureInfo.InvariantCulture)}");
            Card(html, "Teacher validation accuracy", Percent(pseudo.TeacherValAccuracy));
            Card(html, "Student validation accuracy", Percent(pseudo.StudentValAccuracy));
            html.Append("</div>\n<table id=\"pseudolabels\">\n<thead><tr><th>Class</th><th class=\"num\">Images taken</th></tr></thead>\n<tbody>\n");
            for (var i = 0; i < pseudo.Classes.Count; i++)
            {
                html.Append("<tr><td>").Append(E(pseudo.Classes[i])).Append("</td><td class=\"num\">")
                    .Append(pseudo.CountsPerClass[i].ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n</section>\n");
        }

        if (input.Data is { } data)
        {
            Section(html, "data-section", "Data", "Images per class and split.");
            html.Append("<table id=\"data\">\n<thead><tr><th>Class</th>");
            foreach (var split in data.Splits)
            {
                html.Append("<th class=\"num\">").Append(E(split)).Append("</th>");
            }

            html.Append("</tr></thead>\n<tbody>\n");
            for (var c = 0; c < data.Classes.Count; c++)
            {
                html.Append("<tr><td>").Append(E(data.Classes[c])).Append("</td>");
                foreach (var count in data.Counts[c])
                {
                    html.Append("<td class=\"num\">").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td>");
                }

                html.Append("</tr>\n");
            }
            html.Append("</tbody>\n<tfoot><tr><td>total</td>");
            for (var s = 0; s < data.Splits.Count; s++)
            {
                html.Append("<td class=\"num\">").Append(data.Counts.Sum(row => row[s]).ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }

            html.Append("</tr></tfoot>\n</table>\n</section>\n");
        }

        if (input.Plan.Count > 0 || input.PlanText is not null)
        {
            Section(html, "plan-section", "Build plan and timings", "What this build ran and what it took from the cache.");
            if (input.Plan.Count > 0)
            {
                html.Append("<table id=\"plan\">\n<thead><tr><th>Target</th><th>Stage</th><th>Status</th><th class=\"num\">Time</th><th>Detail</th></tr></thead>\n<tbody>\n");
                foreach (var row in input.Plan)
                {
                    html.Append("<tr><td>").Append(E(row.Target)).Append("</td><td>").Append(E(row.Stage)).Append("</td><td><span class=\"status status-")
                        .Append(E(SafeName(row.Status))).Append("\">").Append(E(row.Status)).Append("</span></td><td class=\"num\">")
                        .Append(row.Duration is { } d ? E(Duration(d)) : "–").Append("</td><td class=\"detail\">").Append(E(row.Detail)).Append("</td></tr>\n");
                }
                var total = input.Plan.Where(r => r.Duration is not null).Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Duration!.Value);
                html.Append("</tbody>\n<tfoot><tr><td colspan=\"3\">total</td><td class=\"num\">").Append(E(Duration(total))).Append("</td><td></td></tr></tfoot>\n</table>\n");
            }
            if (input.PlanText is { } planText)
            {
                html.Append("<pre id=\"plan-text\">").Append(E(planText)).Append("</pre>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("<footer>Generated by the pipeline's Report stage. Self-contained: this file needs no network.</footer>\n</main>\n</body>\n</html>\n");
        return new RenderedReport(html.ToString(), figures);
    }

    private static void Section(StringBuilder html, string id, string title, string lead) =>
        html.Append("<section id=\"").Append(id).Append("\">\n<h2>").Append(E(title)).Append("</h2>\n<p class=\"lead\">").Append(E(lead)).Append("</p>\n");

    private static void Card(StringBuilder html, string label, string value) =>
        html.Append("<div class=\"card\"><div class=\"card-value\">").Append(E(value)).Append("</div><div class=\"card-label\">").Append(E(label)).Append("</div></div>\n");

    private static void Figure(StringBuilder html, List<ReportFigure> figures, ReportFigure figure)
    {
        figures.Add(figure);
        html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(figure.Png))
            .Append("\" alt=\"").Append(E(figure.AltText)).Append("\"></figure>\n");
    }

    private static string GainCell(double? gain) => gain switch
    {
        null => "<td class=\"num muted\">–</td>",
        > 0 => $"<td class=\"num up\">{E(Points(gain.Value))}</td>",
        < 0 => $"<td class=\"num down\">{E(Points(gain.Value))}</td>",
        _ => $"<td class=\"num\">{E(Points(0))}</td>",
    };

    private static string Step(string step) => step.Replace('_', ' ');

    // Two cells: "fixed / broken" and the p-value, or dashes where there is no comparison.
    private static void ChangeCells(StringBuilder html, PairedChange? change) =>
        html.Append("<td class=\"num\">").Append(change is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c.Fixed} / {c.Broken}") : "–").Append("</td>")
            .Append("<td class=\"num\">").Append(change is { } d ? PValue(d.PValue) : "–").Append("</td>");

    private static string PValue(double p) =>
        p < 0.001 ? "< 0.001" : p.ToString(p < 0.01 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    private static string Percent(double? value) =>
        value is { } v ? v.ToString("0.00%", CultureInfo.InvariantCulture) : "n/a";

    // Percentage points, signed: "+1.25 pp".
    private static string Points(double delta) =>
        (delta * 100).ToString("+0.00;−0.00;±0.00", CultureInfo.InvariantCulture) + " pp";

    private static string Duration(TimeSpan d) =>
        d.TotalHours >= 1 ? $"{(int)d.TotalHours}h {d.Minutes:00}m"
        : d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m {d.Seconds:00}s"
        : d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string SafeName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? char.ToLowerInvariant(c) : '_').ToArray());

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

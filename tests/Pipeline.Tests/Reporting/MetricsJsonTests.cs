using Pipeline.Reporting.Metrics;
using Xunit;

namespace Pipeline.Tests.Reporting;

public sealed class MetricsJsonTests
{
    [Fact]
    public void Serializes_with_stable_key_order_and_rounded_numbers()
    {
        var report = new MetricsReport(
            0.9,
            [new LadderStep("single", 0.7, null, "resnet/cp2 without TTA"), new LadderStep("tta", 0.8, 0.1 + 1e-12, "resnet/cp2 with tta0")],
            [new ClassAccuracy("beans", 1.0), new ClassAccuracy("cake", 2.0 / 3), new ClassAccuracy("candy", null)],
            [new MemberMetrics("resnet", "cp2", 0, 1, 0.8)],
            [new Pipeline.Ensembling.Combining.MethodAccuracy("vote", 0.9)],
            null);

        var json = MetricsJson.Serialize(report);

        Assert.Equal(
            """
            {
              "headline": {
                "name": "val_accuracy",
                "value": 0.9
              },
              "ladder": [
                {
                  "step": "single",
                  "accuracy": 0.7,
                  "gain": null,
                  "detail": "resnet/cp2 without TTA"
                },
                {
                  "step": "tta",
                  "accuracy": 0.8,
                  "gain": 0.1,
                  "detail": "resnet/cp2 with tta0"
                }
              ],
              "per_class": {
                "beans": 1,
                "cake": 0.666667,
                "candy": null
              },
              "members": [
                {
                  "model": "resnet",
                  "checkpoint": "cp2",
                  "tta": 0,
                  "weight": 1,
                  "val_accuracy": 0.8
                }
              ],
              "methods": {
                "vote": 0.9
              }
            }

            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void Round_trips_through_a_file()
    {
        var report = ReportFixtures.Metrics();
        report = report with
        {
            Ladder = report.Ladder.Select((s, i) => i switch
            {
                1 => s with { TestAccuracy = 0.8, TestChange = new PairedChange(3, 1, 0.625) },
                2 => s with { TestAccuracy = 0.9, TestChange = new PairedChange(1, 0, 1), TestChangeFromTta = new PairedChange(19, 7, 0.02896) },
                _ => s,
            }).ToList(),
        };
        var path = Path.Combine(Path.GetTempPath(), $"metrics-{Guid.NewGuid():N}.json");
        try
        {
            MetricsJson.Write(path, report);
            var read = MetricsJson.Read(path);

            Assert.Equal(MetricsJson.Serialize(report), MetricsJson.Serialize(read));
            Assert.Equal(0.875, read.TestAccuracy);
            Assert.Equal(LadderSteps.All, read.Ladder.Select(s => s.Step));
            Assert.Equal(new PairedChange(3, 1, 0.625), read.Ladder[1].TestChange);
            Assert.Null(read.Ladder[1].TestChangeFromTta);
            Assert.Equal(new PairedChange(19, 7, 0.02896), read.Ladder[2].TestChangeFromTta);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_report_without_a_validation_split_reads_back()
    {
        // validation.fraction: 0: no headline, no ladder, members without a validation accuracy; only the test figure.
        var report = new MetricsReport(null, [], [], [new MemberMetrics("resnet", "main_e8", -1, 1, null), new MemberMetrics("resnet_b", "main_e8", -1, 1, null)], [], 0.918824);
        var read = MetricsJson.Parse(MetricsJson.Serialize(report));

        Assert.Equal(MetricsJson.Serialize(report), MetricsJson.Serialize(read));
        Assert.All(read.Members, m => Assert.Null(m.ValAccuracy));
        Assert.Null(read.HeadlineAccuracy);
        Assert.Equal(0.918824, read.TestAccuracy);
    }

    [Fact]
    public void Builder_takes_per_class_and_members_from_the_outcome()
    {
        var report = ReportFixtures.Metrics();

        // Members are the 8 non-student sets; the headline is their vote on validation.
        Assert.Equal(8, report.Members.Count);
        Assert.Equal(["beans", "cake", "candy"], report.PerClass.Select(c => c.Class));
        Assert.Equal(["vote", "mean", "geometric", "greedy"], report.Methods.Select(m => m.Method));
        Assert.NotNull(report.HeadlineAccuracy);
    }

    [Fact]
    public void A_foreign_file_is_named_in_the_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"metrics-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"ladder\": [{\"accuracy\": 1}]}");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => MetricsJson.Read(path));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

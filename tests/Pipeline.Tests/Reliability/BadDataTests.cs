using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Tests.Data;
using Xunit;

namespace Pipeline.Tests.Reliability;

/// <summary>Bad images and bad CSV files in a competition layout, through the real Preprocess build: exit code, log, data report.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class BadDataTests
{
    [Fact]
    public void Bad_image_files_fail_the_build_and_the_preprocess_log_lists_every_one_and_why()
    {
        using var experiment = new FaultExperiment();
        WithBadImages(experiment);

        var run = experiment.Build("Preprocess");

        var log = experiment.LogPath("Preprocess");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Preprocess failed: exit code 1; log: {log}", run.Output, StringComparison.Ordinal);
        var text = File.ReadAllText(log);
        Assert.Contains("3 bad image files (on_bad_image is 'fail'; set it to 'skip' to leave them out and list them in data_report.json):", text, StringComparison.Ordinal);
        string[] files =
        [
            "  train_img/bad_zero.png: zero bytes (listed at train.csv:14)",
            "  train_img/bad_cut.png: truncated: the file ends inside the IDAT chunk (1586 of 3160 bytes) (listed at train.csv:15)",
            "  train_img/bad_text.png: not an image: the content matches no supported image format (listed at train.csv:16)",
        ];
        Assert.Contains(string.Join('\n', files), text, StringComparison.Ordinal);
        Assert.DoesNotContain("Preprocess", experiment.AssertStoreConsistent());
    }

    [Fact]
    public void Bad_image_files_are_skipped_and_listed_in_the_data_report_when_asked()
    {
        using var experiment = new FaultExperiment();
        WithBadImages(experiment);
        experiment.Edit("data.yaml", "on_bad_image: fail", "on_bad_image: skip");

        var run = experiment.Build("Preprocess");

        Assert.Equal(0, run.ExitCode);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(experiment.Entry("Preprocess"), "data_report.json")))!;
        var skipped = report["skipped"]!.AsArray().Select(s => (s!["path"]!.GetValue<string>(), s["reason"]!.GetValue<string>().Split(':')[0])).ToList();
        Assert.Equal([("train_img/bad_zero.png", "zero bytes"), ("train_img/bad_cut.png", "truncated"), ("train_img/bad_text.png", "not an image")], skipped);
        Assert.Equal(12, report["train"]!.GetValue<int>() + report["val"]!.GetValue<int>());
    }

    [Fact]
    public void Csv_problems_fail_the_build_naming_file_and_line_of_each()
    {
        using var experiment = new FaultExperiment();
        var data = new CompetitionData(experiment, labels: "beans, milk");
        var good = CompetitionData.GoodRows("beans", "milk").ToList();
        data.Train([.. good, "beans_1,milk", "nuts_1,nuts", "milk_9,", "beans_9,beans"]).Test("t_1", "beans_2")
            .Images(data.TrainDir, CompetitionData.Ids(good).Append("milk_9")).Images(data.TestDir, ["t_1", "beans_2"]);

        var run = experiment.Build("Preprocess");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Preprocess failed: exit code 1; log: {experiment.LogPath("Preprocess")}", run.Output, StringComparison.Ordinal);
        var log = experiment.Log("Preprocess");
        string[] problems =
        [
            "5 problems in the data:",
            $"  {data.TrainCsv}:14: duplicate image_id 'beans_1' (first at train.csv line 2)",
            $"  {data.TrainCsv}:15: unknown label 'nuts' for 'nuts_1' (competition.labels: beans, milk)",
            $"  {data.TrainCsv}:16: empty label for 'milk_9'",
            $"  {data.TrainCsv}:17: the image file {Path.Combine(data.TrainDir, "beans_9.png")} of 'beans_9' does not exist",
            $"  {data.TestCsv}:3: test image_id 'beans_2' is also in train.csv (line 3)",
        ];
        // The whole log on failure: this assertion failed once in a loaded CI run and passed on every rerun.
        Assert.True(log.Contains(string.Join('\n', problems), StringComparison.Ordinal), $"expected the five problems in the Preprocess log:\n{log}\n--- build output:\n{run.Output}");
        Assert.DoesNotContain("Preprocess", experiment.AssertStoreConsistent());
    }

    [Fact]
    public void A_missing_csv_column_fails_the_build_naming_the_header_line()
    {
        using var experiment = new FaultExperiment();
        var data = new CompetitionData(experiment);
        var good = CompetitionData.GoodRows("beans", "milk").ToList();
        data.Train(good, header: "image_id,lbl").Test("t_1").Images(data.TrainDir, CompetitionData.Ids(good)).Images(data.TestDir, ["t_1"]);

        var run = experiment.Build("Preprocess");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{data.TrainCsv}:1: missing column 'label' (the header is: image_id,lbl)", experiment.Log("Preprocess"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_with_bom_crlf_and_quoted_commas_builds()
    {
        using var experiment = new FaultExperiment();
        var data = new CompetitionData(experiment);
        var rows = CompetitionData.GoodRows("beans", "nuts").Select(r => r.Replace(",nuts", ",\"nuts, salted\"", StringComparison.Ordinal)).ToList();
        File.WriteAllBytes(data.TrainCsv, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", ["image_id,label", .. rows]) + "\r\n")]);
        File.WriteAllBytes(data.TestCsv, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("image_id\r\n\"t_1\"\r\n")]);
        data.Images(data.TrainDir, CompetitionData.Ids(rows)).Images(data.TestDir, ["t_1"]);

        var run = experiment.Build("Preprocess");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal("[\n  \"beans\",\n  \"nuts, salted\"\n]\n", File.ReadAllText(Path.Combine(experiment.Entry("Preprocess"), "classes.json")));
    }

    /// <summary>Six good images of two classes, then a zero-byte, a truncated and a text file named .png (train.csv lines 14-16).</summary>
    private static CompetitionData WithBadImages(FaultExperiment experiment)
    {
        var data = new CompetitionData(experiment);
        var good = CompetitionData.GoodRows("beans", "milk").ToList();
        var png = PngFixture.Noise(32, 1);
        return data.Train([.. good, "bad_zero,beans", "bad_cut,milk", "bad_text,beans"]).Test("t_1", "t_2")
            .Images(data.TrainDir, CompetitionData.Ids(good)).Images(data.TestDir, ["t_1", "t_2"])
            .RawFile(data.TrainDir, "bad_zero", [])
            .RawFile(data.TrainDir, "bad_cut", png[..(png.Length / 2)])
            .RawFile(data.TrainDir, "bad_text", Encoding.ASCII.GetBytes("image_id,label\nnot,a png\n"));
    }
}

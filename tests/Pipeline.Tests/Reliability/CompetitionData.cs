using System.Text;
using Pipeline.Tests.Data;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// A competition layout (train.csv, test.csv, train_img/, test_img/ with 32 px PNGs) written beside a
/// <see cref="FaultExperiment"/>, and the data.yaml edit that points the experiment at it.
/// </summary>
public sealed class CompetitionData
{
    public CompetitionData(FaultExperiment experiment, string? labels = null)
    {
        Root = Path.Combine(experiment.Root, "competition");
        Directory.CreateDirectory(TrainDir);
        Directory.CreateDirectory(TestDir);
        var section = $"source: competition\ncompetition:\n  root: {Root}\n" + (labels is null ? "" : $"  labels: [{labels}]\n");
        experiment.Edit("data.yaml", "source: synthetic\n", section);
    }

    public string Root { get; }

    public string TrainDir => Path.Combine(Root, "train_img");

    public string TestDir => Path.Combine(Root, "test_img");

    public string TrainCsv => Path.Combine(Root, "train.csv");

    public string TestCsv => Path.Combine(Root, "test.csv");

    /// <summary>Six good images of each class, ids <c>&lt;label&gt;_1</c>..<c>_6</c>, as CSV rows.</summary>
    public static IEnumerable<string> GoodRows(params string[] labels) =>
        labels.SelectMany(l => Enumerable.Range(1, 6).Select(i => $"{l}_{i},{l}"));

    public CompetitionData Train(IEnumerable<string> rows, string header = "image_id,label") => Csv(TrainCsv, [header, .. rows]);

    public CompetitionData Test(params string[] ids) => Csv(TestCsv, ["image_id", .. ids]);

    /// <summary>Writes a distinct valid 32 px PNG for each id that has none yet.</summary>
    public CompetitionData Images(string folder, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            var path = Path.Combine(folder, id + ".png");
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, PngFixture.Noise(32, id.Sum(c => c)));
            }
        }

        return this;
    }

    public CompetitionData RawFile(string folder, string id, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(folder, id + ".png"), bytes);
        return this;
    }

    public static string[] Ids(IEnumerable<string> rows) => rows.Select(r => r.Split(',')[0].Trim('"')).ToArray();

    private CompetitionData Csv(string path, IEnumerable<string> lines)
    {
        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return this;
    }
}

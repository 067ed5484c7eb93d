using System.Text;

namespace Pipeline.Tests.Data;

/// <summary>Writes a small competition layout (train.csv, test.csv, train_img/, test_img/) into a temporary folder.</summary>
internal sealed class CompetitionFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public CompetitionFixture()
    {
        Directory.CreateDirectory(TrainDir);
        Directory.CreateDirectory(TestDir);
    }

    public string Root => _folder.Path;

    public string TrainCsv => _folder.File("train.csv");

    public string TestCsv => _folder.File("test.csv");

    public string TrainDir => _folder.File("train_img");

    public string TestDir => _folder.File("test_img");

    /// <summary>Writes train.csv exactly as given (bytes of the UTF-8 text, optionally with a BOM).</summary>
    public CompetitionFixture Train(string csv, bool bom = false) => WriteText(TrainCsv, csv, bom);

    public CompetitionFixture Test(string csv, bool bom = false) => WriteText(TestCsv, csv, bom);

    public CompetitionFixture TestLabels(string csv) => WriteText(_folder.File("test_labels.csv"), csv, false);

    /// <summary>Writes a small valid PNG for each id (distinct colours).</summary>
    public CompetitionFixture TrainImages(params string[] ids) => Images(TrainDir, ids);

    public CompetitionFixture TestImages(params string[] ids) => Images(TestDir, ids);

    public string TrainImage(string id) => Path.Combine(TrainDir, id + ".png");

    public string TestImage(string id) => Path.Combine(TestDir, id + ".png");

    public void Dispose() => _folder.Dispose();

    private CompetitionFixture Images(string dir, string[] ids)
    {
        foreach (var id in ids)
        {
            int h = id.GetHashCode(StringComparison.Ordinal);
            File.WriteAllBytes(Path.Combine(dir, id + ".png"), PngFixture.Solid(16, (byte)h, (byte)(h >> 8), (byte)(h >> 16)));
        }
        return this;
    }

    private CompetitionFixture WriteText(string path, string text, bool bom)
    {
        File.WriteAllBytes(path, [.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)]);
        return this;
    }
}

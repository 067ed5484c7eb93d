using System.Text;
using Pipeline.Ensembling.Combining;
using Pipeline.Ensembling.Submission;
using Xunit;

namespace Pipeline.Tests.Ensembling;

public sealed class SubmissionWriterTests : IDisposable
{
    private static readonly string[] TestIds = ["test_1000a", "test_1001b", "test_1002c"];
    private static readonly string[] Labels = ["beans", "cake", "candy"];
    private readonly string _directory = Directory.CreateTempSubdirectory("submission-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Exact_bytes_in_test_csv_order()
    {
        // Rows arrive out of order; the file follows test.csv.
        SubmissionRow[] rows = [new("test_1002c", "candy"), new("test_1000a", "beans"), new("test_1001b", "candy")];
        var path = Path.Combine(_directory, "submission.csv");

        SubmissionWriter.Write(path, TestIds, rows, Labels);

        var expected = "image_id,label\ntest_1000a,beans\ntest_1001b,candy\ntest_1002c,candy\n"u8.ToArray();
        Assert.Equal(expected, File.ReadAllBytes(path));
        Assert.StartsWith(SubmissionWriter.Header + "\n", Encoding.UTF8.GetString(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Rows_from_an_ensemble_result_use_class_names()
    {
        var test = new EnsembleResult("vote", "test", TestIds, Labels, [-1, -1, -1], new float[9], [2, 0, 1]);

        var text = SubmissionWriter.Render(TestIds, SubmissionWriter.RowsFrom(test), Labels);

        Assert.Equal("image_id,label\ntest_1000a,candy\ntest_1001b,beans\ntest_1002c,cake\n", text);
    }

    [Fact]
    public void Duplicate_id_is_refused()
    {
        SubmissionRow[] rows = [new("test_1000a", "beans"), new("test_1000a", "cake"), new("test_1001b", "cake"), new("test_1002c", "cake")];

        var error = Assert.Throws<InvalidDataException>(() => SubmissionWriter.Render(TestIds, rows, Labels));
        Assert.Contains("'test_1000a' has more than one row", error.Message);
    }

    [Fact]
    public void Unknown_id_is_refused()
    {
        SubmissionRow[] rows = [new("test_1000a", "beans"), new("test_1001b", "cake"), new("test_1002c", "cake"), new("train_1a", "cake")];

        var error = Assert.Throws<InvalidDataException>(() => SubmissionWriter.Render(TestIds, rows, Labels));
        Assert.Contains("'train_1a' is not in test.csv", error.Message);
    }

    [Fact]
    public void Missing_id_is_refused()
    {
        SubmissionRow[] rows = [new("test_1000a", "beans"), new("test_1002c", "cake")];

        var error = Assert.Throws<InvalidDataException>(() => SubmissionWriter.Render(TestIds, rows, Labels));
        Assert.Contains("'test_1001b'", error.Message);
    }

    [Fact]
    public void Unknown_label_is_refused_and_nothing_is_written()
    {
        SubmissionRow[] rows = [new("test_1000a", "beans"), new("test_1001b", "Cake"), new("test_1002c", "cake")];
        var path = Path.Combine(_directory, "submission.csv");

        var error = Assert.Throws<InvalidDataException>(() => SubmissionWriter.Write(path, TestIds, rows, Labels));
        Assert.Contains("'Cake'", error.Message);
        Assert.False(File.Exists(path));
    }
}

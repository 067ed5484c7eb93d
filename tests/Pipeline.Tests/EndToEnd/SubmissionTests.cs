using System.Text.Json;
using Xunit;

namespace Pipeline.Tests.EndToEnd;

/// <summary>Issue 5: the submission is in the competition's format, checked against the generated test.csv.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SubmissionTests(TinyBuildFixture fixture)
{
    [Fact]
    public void Submission_has_the_exact_header_every_test_id_once_in_test_csv_order_and_only_known_labels()
    {
        var tiny = fixture.RequireBuilt();
        var testIds = File.ReadAllLines(tiny.ArtifactPath("data", "synthetic", "test.csv"));
        var classes = JsonSerializer.Deserialize<string[]>(File.ReadAllText(tiny.ArtifactPath("data", "preprocessed", "classes.json")))!;
        var text = File.ReadAllText(tiny.ArtifactPath("submission.csv"));

        Assert.DoesNotContain('\r', text);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal("image_id", testIds[0]);
        Assert.Equal("image_id,label", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal(2, r.Length));
        Assert.Equal(testIds.Skip(1).Where(l => l.Length > 0), rows.Select(r => r[0]));
        Assert.Equal(rows.Count, rows.Select(r => r[0]).Distinct().Count());
        Assert.Equal(20, rows.Count);
        Assert.All(rows, r => Assert.Contains(r[1], classes));
        Assert.Equal(["beans", "cake", "candy", "cereal", "chips"], classes);
    }
}

using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Sources;
using Xunit;

namespace Pipeline.Tests.Data;

public sealed class CompetitionReaderTests
{
    private static DataSourceException Fails(CompetitionFixture fixture, CompetitionConfig? config = null)
        => Assert.Throws<DataSourceException>(() => CompetitionReader.Read(config ?? new CompetitionConfig(), fixture.Root));

    [Fact]
    public void Reads_ids_labels_and_sorted_classes()
    {
        using var f = new CompetitionFixture()
            .Train("image_id,label\ntrain_1a,milk\ntrain_2b,beans\ntrain_3c,milk\n").TrainImages("train_1a", "train_2b", "train_3c")
            .Test("image_id\ntest_1\n").TestImages("test_1");
        var source = CompetitionReader.Read(new CompetitionConfig(), f.Root);

        Assert.Equal(["beans", "milk"], source.Classes);
        Assert.Equal(["train_1a", "train_2b", "train_3c"], source.Labelled.Select(i => i.Id));
        Assert.Equal(["milk", "beans", "milk"], source.Labelled.Select(i => i.Label));
        Assert.Equal(f.TrainImage("train_2b"), source.Labelled[1].FilePath);
        Assert.Equal(new SourceOrigin(f.TrainCsv, 3), source.Labelled[1].Origin);
        Assert.Equal("test_1", Assert.Single(source.Test).Id);
        Assert.Null(source.Test[0].Label);
        Assert.False(source.TestHasLabels);
    }

    [Fact]
    public void Configured_labels_set_the_class_order()
    {
        using var f = new CompetitionFixture()
            .Train("image_id,label\na,milk\nb,beans\n").TrainImages("a", "b").Test("image_id\n");
        var source = CompetitionReader.Read(new CompetitionConfig { Labels = ["milk", "beans"] }, f.Root);
        Assert.Equal(["milk", "beans"], source.Classes);
    }

    [Fact]
    public void Bom_crlf_quoted_fields_and_blank_lines_are_read()
    {
        using var f = new CompetitionFixture()
            .Train("image_id,label\r\n\"a\",\"nuts, salted\"\r\n\r\nb , beans \r\n\"c\",\"say \"\"hi\"\"\"\r\n", bom: true).TrainImages("a", "b", "c")
            .Test("image_id\r\n\"t1\"\r\n", bom: true).TestImages("t1");
        var source = CompetitionReader.Read(new CompetitionConfig(), f.Root);

        Assert.Equal(["a", "b", "c"], source.Labelled.Select(i => i.Id));
        Assert.Equal(["nuts, salted", "beans", "say \"hi\""], source.Labelled.Select(i => i.Label));
        Assert.Equal([2, 4, 5], source.Labelled.Select(i => i.Origin.Line));
        Assert.Equal("t1", source.Test[0].Id);
    }

    [Fact]
    public void Header_names_match_without_case_and_extra_columns_are_ignored()
    {
        using var f = new CompetitionFixture()
            .Train("source,Label,IMAGE_ID\nx,beans,a\n").TrainImages("a").Test("image_id\n");
        var image = Assert.Single(CompetitionReader.Read(new CompetitionConfig(), f.Root).Labelled);
        Assert.Equal(("a", "beans"), (image.Id, image.Label));
    }

    [Fact]
    public void Missing_column_is_named()
    {
        using var f = new CompetitionFixture().Train("image_id,lbl\na,beans\n").TrainImages("a").Test("image_id\n");
        var error = Fails(f);
        Assert.Equal($"{f.TrainCsv}:1: missing column 'label' (the header is: image_id,lbl)", error.Message);
    }

    [Fact]
    public void Missing_column_in_test_csv_is_named()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\n").TrainImages("a").Test("id\nt1\n");
        Assert.Equal($"{f.TestCsv}:1: missing column 'image_id' (the header is: id)", Fails(f).Message);
    }

    [Fact]
    public void Empty_csv_is_reported()
    {
        using var f = new CompetitionFixture().Train("").Test("image_id\n");
        Assert.Equal($"{f.TrainCsv}: the file is empty; expected a header with image_id,label", Fails(f).Message);
    }

    [Fact]
    public void Duplicate_id()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\nb,milk\na,milk\n").TrainImages("a", "b").Test("image_id\n");
        Assert.Equal($"{f.TrainCsv}:4: duplicate image_id 'a' (first at train.csv line 2)", Fails(f).Message);
    }

    [Fact]
    public void Unknown_label_when_labels_are_configured()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\nb,bean\n").TrainImages("a", "b").Test("image_id\n");
        var error = Fails(f, new CompetitionConfig { Labels = ["beans"] });
        Assert.Equal($"{f.TrainCsv}:3: unknown label 'bean' for 'b' (competition.labels: beans)", error.Message);
    }

    [Fact]
    public void Empty_label()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\nb,\nc\n").TrainImages("a", "b", "c").Test("image_id\n");
        var error = Fails(f);
        Assert.Equal([$"{f.TrainCsv}:3: empty label for 'b'", $"{f.TrainCsv}:4: empty label for 'c'"], error.Problems);
    }

    [Fact]
    public void Empty_id()
    {
        using var f = new CompetitionFixture().Train("image_id,label\n,beans\n").Test("image_id\n");
        Assert.Equal($"{f.TrainCsv}:2: empty image_id", Fails(f).Message);
    }

    [Fact]
    public void Id_with_a_path_is_rejected()
    {
        using var f = new CompetitionFixture().Train("image_id,label\n../x,beans\n").Test("image_id\n");
        Assert.Equal($"{f.TrainCsv}:2: image_id '../x' is not a plain file name", Fails(f).Message);
    }

    [Fact]
    public void Row_pointing_at_a_missing_image_file()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\nb,beans\n").TrainImages("a").Test("image_id\nt\n");
        var error = Fails(f);
        Assert.Equal(
            [$"{f.TrainCsv}:3: the image file {f.TrainImage("b")} of 'b' does not exist", $"{f.TestCsv}:2: the image file {f.TestImage("t")} of 't' does not exist"],
            error.Problems);
        Assert.StartsWith("2 problems in the data:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_class_from_configured_labels()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\n").TrainImages("a").Test("image_id\n");
        var error = Fails(f, new CompetitionConfig { Labels = ["beans", "corn"] });
        Assert.Equal($"{f.TrainCsv}: class 'corn' (from competition.labels) has no images", error.Message);
    }

    [Fact]
    public void Test_id_also_in_train()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\nb,beans\n").TrainImages("a", "b").Test("image_id\nt\nb\n").TestImages("t", "b");
        Assert.Equal($"{f.TestCsv}:3: test image_id 'b' is also in train.csv (line 3)", Fails(f).Message);
    }

    [Fact]
    public void Unclosed_quote_is_a_malformed_csv_with_its_line()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\n\"b,beans\n").TrainImages("a").Test("image_id\n");
        var problem = Assert.Single(Fails(f).Problems);
        Assert.StartsWith($"{f.TrainCsv}:3: malformed CSV", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_csv_files_are_named_with_their_config_key()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<DataSourceException>(() => CompetitionReader.Read(new CompetitionConfig(), folder.Path));
        Assert.Equal([$"competition.train_csv: the file {folder.File("train.csv")} does not exist", $"competition.test_csv: the file {folder.File("test.csv")} does not exist"], error.Problems);
    }

    [Fact]
    public void Test_labels_file_gives_ground_truth()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\nb,milk\n").TrainImages("a", "b")
            .Test("image_id\nt1\nt2\n").TestImages("t1", "t2").TestLabels("image_id,label\nt2,beans\nt1,milk\n");
        var source = CompetitionReader.Read(new CompetitionConfig(), f.Root);
        Assert.True(source.TestHasLabels);
        Assert.Equal(["milk", "beans"], source.Test.Select(t => t.Label));
    }

    [Fact]
    public void Test_labels_must_cover_the_test_set_with_known_labels()
    {
        using var f = new CompetitionFixture().Train("image_id,label\na,beans\n").TrainImages("a")
            .Test("image_id\nt1\nt2\n").TestImages("t1", "t2").TestLabels("image_id,label\nt1,corn\nt9,beans\n");
        var labels = Path.Combine(f.Root, "test_labels.csv");
        Assert.Equal(
            [
                $"{labels}:2: unknown label 'corn' for 't1' (not a class of train.csv)",
                $"{labels}: no ground-truth label for test image 't1' ({f.TestCsv}:2)",
                $"{labels}: no ground-truth label for test image 't2' ({f.TestCsv}:3)",
                $"{labels}: image_id 't9' is not in test.csv",
            ],
            Fails(f).Problems);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Data.Preprocess;
using Pipeline.Models;
using Pipeline.Models.Configuration;
using Pipeline.Stages.Kinds;
using Pipeline.Training;
using Xunit;

namespace Pipeline.Tests.Stages;

/// <summary>
/// The files stages hand each other are records owned by their writer. Each is written byte for byte as the writer
/// wrote it before it had a record (the earlier writer is reproduced here), so no cache entry changes, and reads back.
/// </summary>
public sealed class StageFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stage-file-tests", Guid.NewGuid().ToString("N"));

    public StageFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Pseudolabels_file_keeps_its_bytes_and_reads_back()
    {
        var file = new PseudolabelsFile("teacher confidence >= 0.9", 300, 41, ["apple", "béchamel"], [30, 11], ["resnet/last", "inception/last"], 0.8125, null);
        var earlier = new
        {
            rule = "teacher confidence >= 0.9",
            test_images = 300,
            taken = 41,
            classes = new List<string> { "apple", "béchamel" },
            counts_per_class = new List<int> { 30, 11 },
            teacher_models = new List<string> { "resnet/last", "inception/last" },
            teacher_val_accuracy = (double?)0.8125,
            student_val_accuracy = (double?)null,
        };

        file.Write(_folder);

        Assert.Equal(JsonSerializer.Serialize(earlier, new JsonSerializerOptions { WriteIndented = true }), Text(PseudolabelsFile.FileName));
        var read = PseudolabelsFile.Read(_folder)!;
        Assert.Equal(file.Rule, read.Rule);
        Assert.Equal(file.CountsPerClass, read.CountsPerClass);
        Assert.Equal(0.8125, read.TeacherValAccuracy);
        Assert.Null(read.StudentValAccuracy);
        Assert.Null(PseudolabelsFile.Read(Path.Combine(_folder, "none")));
    }

    [Fact]
    public void Ensemble_file_keeps_its_bytes_and_the_order_of_its_methods()
    {
        var file = new EnsembleFile(
            "greedy",
            0.84,
            null,
            new Dictionary<string, double> { ["vote"] = 0.8, ["mean"] = 0.83, ["greedy"] = 0.84 },
            [new EnsembleFileMember("resnet", "last", 1, 2, 0.79), new EnsembleFileMember("inception", "cp3", 0, 0.5, null)]);
        var earlier = new JsonObject
        {
            ["method"] = "greedy",
            ["val_accuracy"] = 0.84,
            ["test_accuracy"] = null,
            ["methods"] = new JsonObject { ["vote"] = 0.8, ["mean"] = 0.83, ["greedy"] = 0.84 },
            ["members"] = new JsonArray(
                new JsonObject { ["model"] = "resnet", ["checkpoint"] = "last", ["tta"] = 1, ["weight"] = 2.0, ["val_accuracy"] = 0.79 },
                new JsonObject { ["model"] = "inception", ["checkpoint"] = "cp3", ["tta"] = 0, ["weight"] = 0.5, ["val_accuracy"] = null }),
        };

        file.Write(_folder);

        Assert.Equal(earlier.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), Text(EnsembleFile.FileName));
        var read = EnsembleFile.Read(_folder);
        Assert.Equal(["vote", "mean", "greedy"], read.Methods.Keys);
        Assert.Equal(file.Members, read.Members);
    }

    [Fact]
    public void Ensemble_validation_file_reads_back_and_a_damaged_one_is_an_error_naming_it()
    {
        new EnsembleValidationFile("mean", ["a", "b"], ["x1", "x2", "x3"], [0, 1, 1], [0, 1, 0]).Write(_folder);

        var read = EnsembleValidationFile.Read(_folder);

        Assert.Equal([0, 1, 0], read.Predicted);
        new EnsembleValidationFile("mean", ["a", "b"], ["x1", "x2"], [0, 1], [0, 2]).Write(_folder);
        var error = Assert.Throws<InvalidDataException>(() => EnsembleValidationFile.Read(_folder));
        Assert.Contains(Path.Combine(_folder, EnsembleValidationFile.FileName), error.Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_folder, EnsembleValidationFile.FileName), "{\"method\": ");
        Assert.Contains(EnsembleValidationFile.FileName, Assert.Throws<InvalidDataException>(() => EnsembleValidationFile.Read(_folder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_file_keeps_its_bytes_and_features_the_first_configured_preset()
    {
        var file = new PreviewFile(["aggressive_part2", "affine_cp6"], ["preview_aggressive_part2.png", "preview_affine_cp6.png"], ["t1", "t2"]);
        var earlier = new { presets = file.Presets, files = new List<string>(file.Files), images = new List<string>(file.Images) };

        file.Write(_folder);

        Assert.Equal(JsonSerializer.Serialize(earlier, new JsonSerializerOptions { WriteIndented = true }), Text(PreviewFile.FileName));
        Assert.Equal(Path.Combine(_folder, "preview_aggressive_part2.png"), PreviewFile.Read(_folder).FeaturedPath);
    }

    [Fact]
    public void Model_description_keeps_its_bytes_and_binds_its_model_back()
    {
        var model = new ModelConfig { Architecture = "tiny_cnn", Pretrained = "none", InputSize = 16 };
        IReadOnlyList<string> classes = ["a", "b"];

        var text = new ModelDescriptionFile(model, classes).ToJson();
        File.WriteAllText(Path.Combine(_folder, ModelDescriptionFile.FileName), text);

        Assert.Equal(JsonSerializer.Serialize(new { model, classes }, TrainingJson.Indented), text);
        var read = ModelDescriptionFile.Read(_folder);
        Assert.Equal(model, read.Model);
        Assert.Equal(classes, read.Classes);
    }

    [Fact]
    public void Test_labels_file_keeps_its_bytes_and_unequal_lengths_are_an_error_naming_it()
    {
        var text = JsonSerializer.Serialize(new TestLabelsFile(["t1", "t2"], [1, 0]), PreprocessRunner.Json);
        File.WriteAllText(Path.Combine(_folder, PreprocessFiles.TestLabels), text);

        Assert.Equal(JsonSerializer.Serialize(new { Ids = new[] { "t1", "t2" }, Labels = new[] { 1, 0 } }, PreprocessRunner.Json), text);
        Assert.Equal([1, 0], TestLabelsFile.Read(_folder)!.Labels);
        File.WriteAllText(Path.Combine(_folder, PreprocessFiles.TestLabels), "{\"ids\": [\"t1\"], \"labels\": []}");
        Assert.Contains("1 ids but 0 labels", Assert.Throws<InvalidDataException>(() => TestLabelsFile.Read(_folder)).Message, StringComparison.Ordinal);
    }

    private string Text(string name) => File.ReadAllText(Path.Combine(_folder, name));
}

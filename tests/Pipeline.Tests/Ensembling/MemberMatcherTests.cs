using System.Text.Json.Nodes;
using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Members;
using Pipeline.Ensembling.Predictions;
using Xunit;

namespace Pipeline.Tests.Ensembling;

public sealed class MemberMatcherTests
{
    // The original's library of candidates: Inception cp11-cp19 (TTA 0, 1; cp17-cp19 also 2), a
    // ResNet50 run's ths8/ths9 and a second Inception run's cp4/cp5 (TTA 0, 1), plus plain predictions.
    private static IReadOnlyList<PredictionSet> Library()
    {
        var sets = new List<PredictionSet>();
        void Add(string model, string checkpoint, params int[] versions)
        {
            foreach (var v in versions)
            {
                sets.Add(TestSets.Make(model, checkpoint, v, [[1f, 0f, 0f]]));
            }
        }
        for (var cp = 11; cp <= 19; cp++)
        {
            Add("inception", $"cp{cp}", cp >= 17 ? [-1, 0, 1, 2] : [-1, 0, 1]);
        }

        Add("resnet50", "ths8", 0, 1);
        Add("resnet50", "ths9", 0, 1);
        Add("inception2", "cp4", 0, 1);
        Add("inception2", "cp5", 0, 1);
        Add("student", "cp1_e3", 0);
        // Reversed, so the test also shows that expansion order does not depend on the listing.
        sets.Reverse();
        return sets;
    }

    private static EnsembleMemberConfig Line(string model, string checkpoint, JsonNode tta, double weight = 1) =>
        new() { Model = model, Checkpoint = checkpoint, Tta = tta, Weight = weight };

    [Fact]
    public void The_original_twenty_nine_members_expand()
    {
        var lines = new[]
        {
            Line("inception", "cp1[1-6]", new JsonArray(0, 1)),
            Line("inception", "cp1[7-9]", new JsonArray(0, 1, 2)),
            Line("resnet50", "ths?", new JsonArray(0, 1)),
            Line("inception2", "cp[45]", new JsonArray(0, 1)),
        };

        var members = MemberMatcher.Expand(lines, Library());

        Assert.Equal(29, members.Count);
        Assert.Equal("inception/cp11/tta0", members[0].Name);
        Assert.Equal("inception/cp11/tta1", members[1].Name);
        Assert.Equal("inception/cp16/tta1", members[11].Name);
        Assert.Equal("inception2/cp5/tta1", members[^1].Name);
        Assert.All(members, m => Assert.Equal(1.0, m.Weight));
    }

    [Fact]
    public void Star_matches_every_version_and_globs_match_whole_names()
    {
        var members = MemberMatcher.Expand([Line("*", "*_e*", JsonValue.Create("*"))], Library());
        Assert.Equal(["student/cp1_e3/tta0"], members.Select(m => m.Name));

        var all = MemberMatcher.Expand([Line("inception", "cp19", JsonValue.Create("*"))], Library());
        Assert.Equal(["inception/cp19/plain", "inception/cp19/tta0", "inception/cp19/tta1", "inception/cp19/tta2"], all.Select(m => m.Name));

        var single = MemberMatcher.Expand([Line("inception", "cp1?", JsonValue.Create(2), weight: 2.5)], Library());
        Assert.Equal(["inception/cp17/tta2", "inception/cp18/tta2", "inception/cp19/tta2"], single.Select(m => m.Name));
        Assert.All(single, m => Assert.Equal(2.5, m.Weight));
    }

    [Fact]
    public void A_line_matching_nothing_is_an_error_naming_it_and_the_available_checkpoints()
    {
        var lines = new[]
        {
            Line("inception", "cp1[1-6]", new JsonArray(0)),
            Line("resnet50", "ths1[0-9]", new JsonArray(0, 1)),
        };

        var error = Assert.Throws<MemberMatchException>(() => MemberMatcher.Expand(lines, Library(), "experiments/ensemble.yaml"));

        Assert.Contains("experiments/ensemble.yaml", error.Message);
        Assert.Contains("members[1]", error.Message);
        Assert.Contains("'ths1[0-9]'", error.Message);
        Assert.Contains("resnet50: ths8 (tta 0, 1), ths9 (tta 0, 1)", error.Message);
    }

    [Fact]
    public void An_unknown_model_lists_the_models()
    {
        var error = Assert.Throws<MemberMatchException>(() =>
            MemberMatcher.Expand([Line("resnet", "*", JsonValue.Create("*"))], Library()));

        Assert.Contains("No model matches 'resnet'", error.Message);
        Assert.Contains("resnet50", error.Message);
    }

    [Fact]
    public void A_listed_version_no_checkpoint_has_is_an_error()
    {
        var error = Assert.Throws<MemberMatchException>(() =>
            MemberMatcher.Expand([Line("resnet50", "*", new JsonArray(0, 2))], Library()));

        Assert.Contains("TTA version 2", error.Message);
    }

    [Theory]
    [InlineData("cp1[1-6]", "cp13", true)]
    [InlineData("cp1[1-6]", "cp17", false)]
    [InlineData("cp1[!1-6]", "cp17", true)]
    [InlineData("*_e*", "cp1_e10", true)]
    [InlineData("*_e*", "cp1", false)]
    [InlineData("cp?", "cp12", false)]
    [InlineData("cp.1", "cpx1", false)]
    [InlineData("cp1", "cp12", false)]
    public void Glob_semantics(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GlobPattern.IsMatch(pattern, name));

    [Fact]
    public void Config_validation_reports_bad_lines()
    {
        var line = Line("in[ception", "*", new JsonArray("x"), weight: 0);

        var problems = line.Validate().ToList();

        Assert.Contains(problems, p => p.Key == "weight");
        Assert.Contains(problems, p => p.Key == "tta");
        Assert.Contains(problems, p => p.Key == "model");
        Assert.Contains(new EnsembleConfig { Members = [] }.Validate(), p => p.Key == "members");
        Assert.Contains(new EnsembleConfig { ReportMethods = ["vote", "median"] }.Validate(), p => p.Key == "report_methods");
        Assert.Empty(new EnsembleConfig().Validate());
    }
}

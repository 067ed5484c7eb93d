using System.Text.Json.Nodes;
using Pipeline.Ensembling.Combining;
using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Members;
using Xunit;

namespace Pipeline.Tests.Ensembling;

public sealed class EnsembleRunnerTests
{
    private static readonly int[] Labels = [0, 1, 2, 0, 1, 2];

    [Fact]
    public void Measures_every_reported_method_and_applies_the_chosen_one_to_test()
    {
        var validation = new[]
        {
            TestSets.Confident("resnet", "cp1", 0, [0, 1, 2, 0, 0, 2], Labels),
            TestSets.Confident("resnet", "cp2", 0, [0, 1, 2, 0, 1, 0], Labels),
            TestSets.Confident("resnet", "cp3", 0, [1, 1, 2, 0, 1, 2], Labels),
        };
        var test = validation.Select(s => s with { Split = "test", Ids = ["t0", "t1", "t2", "t3", "t4", "t5"], Labels = [-1, -1, -1, -1, -1, -1] }).ToArray();
        var config = new EnsembleConfig
        {
            Method = EnsembleMethods.Greedy,
            Members = [new EnsembleMemberConfig { Model = "resnet", Checkpoint = "cp*", Tta = new JsonArray(0) }],
        };

        var outcome = EnsembleRunner.Run(config, validation, test);

        Assert.Equal(["vote", "mean", "geometric", "greedy"], outcome.Methods.Select(m => m.Method));
        // Vote of the three is right on every row: each row has at least two correct members.
        Assert.Equal(1.0, outcome.Methods[0].Accuracy, 12);
        Assert.Equal([5.0 / 6, 5.0 / 6, 5.0 / 6], outcome.MemberAccuracies);
        Assert.NotNull(outcome.Greedy);
        Assert.Equal(outcome.Greedy.Counts.Select(c => (double)c), outcome.Members.Select(m => m.Weight));
        Assert.NotNull(outcome.Test);
        Assert.Equal("test", outcome.Test.Split);
        Assert.Equal("greedy", outcome.Test.Method);
        Assert.Equal(outcome.Validation.Predicted, outcome.Test.Predicted);
    }

    [Fact]
    public void A_member_without_test_predictions_is_an_error()
    {
        var validation = new[] { TestSets.Confident("resnet", "cp1", 0, [0, 1, 2, 0, 1, 2], Labels) };

        var error = Assert.Throws<MemberMatchException>(() => EnsembleRunner.Run(new EnsembleConfig(), validation, []));
        Assert.Contains("resnet/cp1/tta0", error.Message);
    }

    /// <summary>Without a validation split (validation.fraction: 0) the vote still combines the test sets; nothing is scored and nothing is chosen.</summary>
    [Fact]
    public void Without_validation_the_vote_combines_test_and_scores_nothing_while_greedy_is_refused()
    {
        var validation = new[]
        {
            TestSets.Confident("resnet", "cp1", 0, [], []),
            TestSets.Confident("resnet", "cp2", 0, [], []),
            TestSets.Confident("resnet", "cp3", 0, [], []),
        };
        var test = new[]
        {
            TestSets.Confident("resnet", "cp1", 0, [0, 1, 2], [-1, -1, -1], split: "test"),
            TestSets.Confident("resnet", "cp2", 0, [0, 2, 2], [-1, -1, -1], split: "test"),
            TestSets.Confident("resnet", "cp3", 0, [1, 2, 0], [-1, -1, -1], split: "test"),
        };
        var members = new[] { new EnsembleMemberConfig { Model = "resnet", Checkpoint = "cp*", Tta = new JsonArray(0) } };

        var outcome = EnsembleRunner.Run(new EnsembleConfig { Method = EnsembleMethods.Vote, Members = members }, validation, test, "ensemble.yaml");

        Assert.Empty(outcome.Methods);
        Assert.Equal([null, null, null], outcome.MemberAccuracies);
        Assert.Equal([0, 2, 2], outcome.Test!.Predicted);

        var error = Assert.Throws<InvalidOperationException>(() => EnsembleRunner.Run(new EnsembleConfig { Method = EnsembleMethods.Greedy, Members = members }, validation, test, "ensemble.yaml"));
        Assert.Equal("ensemble.yaml: method greedy chooses weights on the validation split, and this experiment has none (validation.fraction: 0); use vote, mean or geometric", error.Message);
    }
}

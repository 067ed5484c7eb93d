using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Predictions;
using Pipeline.Reporting.Metrics;
using Xunit;

namespace Pipeline.Tests.Reporting;

public sealed class LadderCalculatorTests
{
    [Fact]
    public void Every_step_on_a_constructed_experiment()
    {
        var ladder = LadderCalculator.Compute(ReportFixtures.Validation(), ReportFixtures.VoteConfig(), "student");

        Assert.Equal(LadderSteps.All, ladder.Select(s => s.Step));
        Assert.Equal([0.7, 0.8, 0.9, 0.9, 1.0], ladder.Select(s => s.Accuracy!.Value), new ToleranceComparer());
        Assert.Null(ladder[0].Gain);
        Assert.Equal([0.1, 0.1, 0.0, 0.1], ladder.Skip(1).Select(s => s.Gain!.Value), new ToleranceComparer());
        Assert.Equal("resnet/cp2 without TTA", ladder[0].Detail);
        Assert.Equal("resnet/cp2 with tta0", ladder[1].Detail);
        Assert.Equal("vote of 3 sets: resnet (2 checkpoints)", ladder[2].Detail);
        Assert.Equal("vote of 5 sets: inception, resnet (3 checkpoints)", ladder[3].Detail);
        Assert.Equal("vote of 6 sets: inception, resnet, student (4 checkpoints)", ladder[4].Detail);
    }

    [Fact]
    public void On_test_every_step_keeps_the_choices_made_on_validation()
    {
        static PredictionSet Test(string model, string checkpoint, int tta, string mask) =>
            ReportFixtures.Set(model, checkpoint, tta, mask) with { Split = "test" };
        // On test, resnet/cp1 is the better plain checkpoint; validation chose cp2, and the test column must score cp2.
        var test = new List<PredictionSet>
        {
            Test("resnet", "cp1", -1, "1111111111"),
            Test("resnet", "cp1", 0, "1111111111"),
            Test("resnet", "cp2", -1, "1111100000"),
            Test("resnet", "cp2", 0, "1111111100"),
            Test("resnet", "cp2", 1, "1111111100"),
            Test("inception", "cp5", -1, "1111111111"),
            Test("inception", "cp5", 0, "1111111111"),
            Test("inception", "cp5", 1, "1111111111"),
            Test("student", "s1", 0, "1111111111"),
        };

        var ladder = LadderCalculator.Compute(ReportFixtures.Validation(), ReportFixtures.VoteConfig(), "student", test);

        Assert.Equal(0.5, ladder[0].TestAccuracy!.Value, 12);   // resnet/cp2 without TTA, as chosen on validation
        Assert.Equal(0.8, ladder[1].TestAccuracy!.Value, 12);   // resnet/cp2 with tta0
        Assert.All(ladder.Skip(2), s => Assert.NotNull(s.TestAccuracy));
        Assert.Null(ladder[0].TestChange);
        Assert.Equal((3, 0), (ladder[1].TestChange!.Fixed, ladder[1].TestChange!.Broken));   // tta0 fixes images 6-8 of cp2
        Assert.Equal(0.25, ladder[1].TestChange!.PValue, 12);
        for (var i = 1; i < ladder.Count; i++)
        {
            var change = ladder[i].TestChange!;
            Assert.Equal(ladder[i].TestAccuracy!.Value - ladder[i - 1].TestAccuracy!.Value, (change.Fixed - change.Broken) / 10.0, 12);
        }
        Assert.Equal([0.7, 0.8, 0.9, 0.9, 1.0], ladder.Select(s => s.Accuracy!.Value), new ToleranceComparer());

        // The ensemble steps against the TTA step: fixed − broken is the test gain over TTA; the first ensemble step's
        // comparison is its step-by-step one.
        Assert.Null(ladder[0].TestChangeFromTta);
        Assert.Null(ladder[1].TestChangeFromTta);
        Assert.Equal(ladder[2].TestChange, ladder[2].TestChangeFromTta);
        for (var i = 2; i < ladder.Count; i++)
        {
            var fromTta = ladder[i].TestChangeFromTta!;
            Assert.Equal(ladder[i].TestAccuracy!.Value - ladder[1].TestAccuracy!.Value, (fromTta.Fixed - fromTta.Broken) / 10.0, 12);
        }
        Assert.Equal((2, 0), (ladder[4].TestChangeFromTta!.Fixed, ladder[4].TestChangeFromTta!.Broken));

        var unlabelled = test.Select(t => t with { Labels = Enumerable.Repeat(-1, t.Labels.Count).ToArray() }).ToList();
        Assert.All(LadderCalculator.Compute(ReportFixtures.Validation(), ReportFixtures.VoteConfig(), "student", unlabelled), s => Assert.Null(s.TestAccuracy));
    }

    [Fact]
    public void Without_a_student_there_is_no_pseudolabel_step_and_a_student_without_predictions_is_said()
    {
        var validation = ReportFixtures.Validation().Where(s => s.Model != "student").ToList();

        var ladder = LadderCalculator.Compute(validation, ReportFixtures.VoteConfig(), null);
        var missing = LadderCalculator.Compute(validation, ReportFixtures.VoteConfig(), "student");

        Assert.Equal([LadderSteps.Single, LadderSteps.Tta, LadderSteps.CheckpointEnsemble, LadderSteps.ModelEnsemble], ladder.Select(s => s.Step));
        Assert.Equal(5, missing.Count);
        Assert.Null(missing[4].Accuracy);
        Assert.Null(missing[4].Gain);
        Assert.Equal("no predictions of the student 'student'", missing[4].Detail);
    }

    [Fact]
    public void Without_plain_predictions_the_single_step_says_so()
    {
        var validation = ReportFixtures.Validation().Where(s => s.TtaVersion >= 0).ToList();

        var ladder = LadderCalculator.Compute(validation, ReportFixtures.VoteConfig(), "student");

        Assert.Null(ladder[0].Accuracy);
        Assert.Contains("no plain predictions", ladder[0].Detail);
        // The best TTA'd set overall is inception/cp5/tta0 (0.9).
        Assert.Equal(0.9, ladder[1].Accuracy!.Value, 12);
        Assert.Null(ladder[1].Gain);
    }

    [Fact]
    public void Mean_method_is_used_for_the_ensemble_steps()
    {
        var ladder = LadderCalculator.Compute(ReportFixtures.Validation(), new EnsembleConfig { Method = EnsembleMethods.Mean }, "student");

        Assert.StartsWith("mean of 3 sets", ladder[2].Detail);
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}

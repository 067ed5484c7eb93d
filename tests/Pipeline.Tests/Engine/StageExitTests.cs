using Pipeline.Engine;
using Xunit;

namespace Pipeline.Tests.Engine;

public sealed class StageExitTests
{
    [Theory]
    [InlineData(
        "TrainInception (train) failed: Pipeline.Training.TrainingDivergedException: training diverged: the loss is NaN at phase 'cp1'",
        "training diverged: the loss is NaN at phase 'cp1'")]
    [InlineData("Train/main (fail) failed: failing on purpose with exit code 7", "failing on purpose with exit code 7")]
    [InlineData("Unhandled exception. System.IO.IOException: No space left on device", "Unhandled exception. System.IO.IOException: No space left on device")]
    public void The_reason_drops_the_run_prefix_and_the_exception_type(string line, string reason) =>
        Assert.Equal(reason, StageExit.Reason(line));
}

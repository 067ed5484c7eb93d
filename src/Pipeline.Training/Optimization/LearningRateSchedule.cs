using Pipeline.Training.Configuration;

namespace Pipeline.Training.Optimization;

/// <summary>The learning rate of every step of a phase, as a pure function of the schedule and the position (see <see cref="ScheduleConfig"/>).</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// The rate for step <paramref name="stepInEpoch"/> of epoch <paramref name="epochInPhase"/> (both
    /// 0-based) of a phase of <paramref name="phaseEpochs"/> epochs with <paramref name="stepsPerEpoch"/> steps each.
    /// </summary>
    public static double At(ScheduleConfig schedule, double baseLr, int phaseEpochs, int stepsPerEpoch, int epochInPhase, int stepInEpoch)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        long step = (long)epochInPhase * stepsPerEpoch + stepInEpoch;
        long totalSteps = (long)phaseEpochs * stepsPerEpoch;
        long warmupSteps = (long)Math.Round(schedule.WarmupEpochs * stepsPerEpoch);
        if (step < warmupSteps)
        {
            return baseLr * (step + 1) / warmupSteps;
        }

        switch (schedule.Kind)
        {
            case "constant":
                return baseLr;
            case "step":
                return baseLr * Math.Pow(schedule.Gamma, epochInPhase / schedule.StepSize);
            case "cosine":
                long span = totalSteps - warmupSteps;
                if (span <= 1)
                {
                    return baseLr;
                }

                double progress = (double)(step - warmupSteps) / (span - 1);
                return schedule.MinLr + (baseLr - schedule.MinLr) * 0.5 * (1 + Math.Cos(Math.PI * progress));
            default:
                throw new ArgumentException($"unknown schedule kind '{schedule.Kind}' (expected constant, step or cosine)", nameof(schedule));
        }
    }
}

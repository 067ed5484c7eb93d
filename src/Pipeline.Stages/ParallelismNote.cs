namespace Pipeline.Stages;

/// <summary>
/// The line <c>--plan</c> adds with <c>--jobs</c> above 1: how many torch stages the core budget lets run at once, and
/// that the thread count (part of their keys) comes from <c>--threads</c> alone, so <c>--jobs</c> and <c>--cores</c>
/// never turn a cached run into a rerun.
/// </summary>
public static class ParallelismNote
{
    public static string Describe(int jobs, int cores, int threads)
    {
        var atOnce = Math.Min(jobs, Math.Max(1, cores / threads));
        var fit = atOnce == 1
            ? "so they run one at a time"
            : $"so up to {atOnce} of them run at once";
        var wide = threads > cores ? " (more threads than cores: each runs alone)" : "";
        return $"parallel: --jobs {jobs} within {cores} cores (--cores): Train, Pseudolabel and Tta runs keep {threads} cores busy each (--threads {threads}), "
            + $"{fit}{wide}; --jobs and --cores never change a run's threads or its key (--threads does)";
    }
}

using Pipeline.Foundation;

namespace Pipeline.Cli;

/// <summary>The entry's main loop: parse, help, expand triggers and dependencies, then run stages and actions in order.</summary>
public static class BuildHost
{
    public static int Run(PipelineBuild build, string[] args, TextWriter output, TextWriter error)
    {
        build.RepositoryRoot = FindRepositoryRoot();
        if (args.Length > 0 && args[0] == BuildParameters.StageCommand)
        {
            return build.RunStageProcess(args[1..]);
        }

        // The experiment (with its overrides) decides some targets, TrainInception2 for a model inception2: a first parse
        // that accepts any target name finds it, then the real parse checks names against the expanded targets.
        var declared = TargetDiscovery.Discover(build);
        var provisional = new CommandLineParser(declared, checkTargets: false).Parse(args).Options ?? new BuildOptions();
        var targets = TargetExpansion.Expand(declared, build.ResolveInstances(provisional));
        var parser = new CommandLineParser(targets);
        if (args.Length == 0 || CommandLineParser.WantsHelp(args))
        {
            output.Write(parser.HelpText());
            return 0;
        }

        var parsed = parser.Parse(args);
        if (parsed.Options is null)
        {
            foreach (var message in parsed.Errors)
            {
                error.WriteLine($"error: {message}");
            }

            return 2;
        }

        build.Options = parsed.Options;
        var ordered = Closure(targets, parsed.Options.Targets);
        var byName = targets.ToDictionary(t => t.Name);
        var stageTargets = ordered.Where(n => byName[n].IsStage).ToList();

        // An option nothing requested reads would be dropped without a word: say so instead.
        if (UnusedOptions(parsed.Options, stageTargets, ordered) is { Count: > 0 } unused)
        {
            foreach (var message in unused)
            {
                error.WriteLine($"error: {message}");
            }

            return 2;
        }

                // Actions that need no stage output (Clean, Test) run first; the rest after the stages.
        var before = ordered.Where(n => !byName[n].IsStage && !DependsOnStage(byName, n)).ToList();
        var after = ordered.Where(n => !byName[n].IsStage && DependsOnStage(byName, n)).ToList();

        if (parsed.Options.Plan)
        {
            var code = stageTargets.Count > 0 ? build.RunStages(targets, stageTargets) : 0;
            foreach (var name in before.Concat(after))
            {
                output.WriteLine($"{name}: run (action, never cached)");
            }

            return code;
        }

        foreach (var name in before)
        {
            var code = byName[name].Action?.Invoke() ?? 0;
            if (code != 0)
            {
                return code;
            }
        }

        if (stageTargets.Count > 0)
        {
            var code = build.RunStages(targets, stageTargets);
            if (code != 0)
            {
                return code;
            }
        }

        foreach (var name in after)
        {
            var code = byName[name].Action?.Invoke() ?? 0;
            if (code != 0)
            {
                return code;
            }
        }

        return 0;
    }

    /// <summary>Requested targets, their triggers, and all their dependencies, in dependency order (declaration order breaks ties).</summary>
    public static IReadOnlyList<string> Closure(IReadOnlyList<TargetInfo> targets, IReadOnlyList<string> requested)
    {
        var byName = targets.ToDictionary(t => t.Name);
        var wanted = new HashSet<string>();
        var queue = new Queue<string>(requested);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (!wanted.Add(name))
            {
                continue;
            }

            foreach (var next in byName[name].DependsOn.Concat(byName[name].Triggers))
            {
                queue.Enqueue(next);
            }
        }

        var ordered = TopologicalSort.Order(
            targets.Where(t => wanted.Contains(t.Name)).Select(t => t.Name),
            name => byName[name].DependsOn,
            cycle => new InvalidOperationException($"dependency cycle through target {cycle[0]}"),
            StringComparer.Ordinal);
        return ordered;
    }

    private static List<string> UnusedOptions(BuildOptions options, IReadOnlyList<string> stageTargets, IReadOnlyList<string> ordered)
    {
        var messages = new List<string>();
        if (stageTargets.Count == 0 && (options.Set.Count > 0 || options.OverrideFiles.Count > 0))
        {
            messages.Add($"--set and --overrides change the experiment of stage targets, and none is requested ({string.Join(", ", ordered)})");
        }

        if (options.TestFilter is not null && !ordered.Contains("Test"))
        {
            messages.Add("--filter selects tests of the Test target, which is not requested");
        }

        return messages;
    }

        private static bool DependsOnStage(IReadOnlyDictionary<string, TargetInfo> byName, string name) =>
        byName[name].DependsOn.Any(d => byName[d].IsStage || DependsOnStage(byName, d));

    private static string FindRepositoryRoot()
    {
        var fromScript = Environment.GetEnvironmentVariable("PIPELINE_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromScript) && File.Exists(Path.Combine(fromScript, "Pipeline.sln")))
        {
            return fromScript;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using Pipeline.Foundation;

namespace Pipeline.Cli;

/// <summary>
/// Parses <c>&lt;Target&gt;... [--experiment DIR] [--plan] [--force [Target...]] [--jobs N] [--device auto|cpu|cuda] [--threads N]</c>
/// with System.CommandLine; unknown targets and options get a close-match suggestion.
/// </summary>
public sealed class CommandLineParser
{
    private readonly IReadOnlyList<TargetInfo> _targets;
    private readonly Argument<string[]> _targetArgument = new("targets") { Arity = ArgumentArity.ZeroOrMore, Description = "Targets to build." };
    private readonly Option<string[]> _experiment = new("--experiment") { Description = "Experiment folder (repeat for Compare).", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _plan = new("--plan") { Description = "Print what would run and why; run nothing." };
    private readonly Option<string[]> _force = new("--force") { Description = "Rerun these targets (all requested when none given) even if cached.", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true };
    private readonly Option<int> _jobs = new("--jobs", "-j") { Description = "Stage runs executed in parallel.", DefaultValueFactory = _ => 1 };
    private readonly Option<string> _device = new("--device") { Description = "Training/inference device.", DefaultValueFactory = _ => "auto" };
    private readonly Option<int?> _cores = new("--cores") { Description = "Core budget of the stage runs executing at once (default: this machine's cores)." };
    private readonly Option<int> _threads = new("--threads") { Description = "Torch threads per stage process.", DefaultValueFactory = _ => BuildParameters.DefaultThreads };
    private readonly Option<string> _artifacts = new("--artifacts") { Description = "Artifacts folder.", DefaultValueFactory = _ => BuildParameters.DefaultArtifacts };
    private readonly Option<int> _keep = new("--keep") { Description = "Gc: also keep the entries of the N most recent builds." };
    private readonly Option<string> _maxSize = new("--max-size") { Description = "Gc: trim the store to SIZE, least recently used first." };
    private readonly Option<int> _last = new("--last") { Description = "Runs: list the N most recent builds.", DefaultValueFactory = _ => BuildParameters.DefaultLast };
    private readonly Option<string[]> _build = new("--build") { Description = "Compare: a build from the history (repeat it).", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _set = new("--set") { Description = "Override one experiment value, FILE:KEY=VALUE (repeatable).", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _overrides = new("--overrides") { Description = "A YAML file of overrides (repeatable).", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
    private readonly Option<string> _filter = new("--filter") { Description = "Test: the dotnet test filter expression." };
    private readonly Option<string> _remote = new("--remote") { Description = "Shared remote cache: file:///path or s3://bucket/prefix." };
    private readonly Option<bool> _remoteReadOnly = new("--remote-read-only") { Description = "Pull from the remote cache, never push." };
    private readonly RootCommand _root = new("Reproducible, cached build of the grocery-classification pipeline.");

    private readonly bool _checkTargets;

    /// <param name="targets">The targets a command line may name.</param>
    /// <param name="checkTargets">False for the first, provisional parse that only finds the experiment (and its overrides), which decide the targets.</param>
    public CommandLineParser(IReadOnlyList<TargetInfo> targets, bool checkTargets = true)
    {
        _targets = targets;
        _checkTargets = checkTargets;
        _device.AcceptOnlyFromAmong(BuildParameters.Devices);
        _root.Arguments.Add(_targetArgument);
        _root.Options.Add(_experiment);
        _root.Options.Add(_plan);
        _root.Options.Add(_force);
        _root.Options.Add(_jobs);
        _root.Options.Add(_device);
        _root.Options.Add(_threads);
        _root.Options.Add(_cores);
        _root.Options.Add(_artifacts);
        _root.Options.Add(_keep);
        _root.Options.Add(_maxSize);
        _root.Options.Add(_last);
        _root.Options.Add(_build);
        _root.Options.Add(_set);
        _root.Options.Add(_overrides);
        _root.Options.Add(_filter);
        _root.Options.Add(_remote);
        _root.Options.Add(_remoteReadOnly);
    }

    /// <summary>Names of every option, for suggestions and help.</summary>
    public IReadOnlyList<string> OptionNames => ["--experiment", "--plan", "--force", "--jobs", "--device", "--threads", "--cores", "--artifacts", "--set", "--overrides", "--filter", "--keep", "--max-size", "--last", "--build", "--remote", "--remote-read-only", "--help", "--cuda"];

    /// <summary>True when the arguments ask for help.</summary>
    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "-?" or "help");

    public ParseOutcome Parse(IReadOnlyList<string> args)
    {
        var errors = new List<string>();
        foreach (var token in args.Where(a => a.StartsWith('-')))
        {
            var name = token.Split('=')[0];
            if (!OptionNames.Contains(name) && name != "-j")
            {
                var suggestion = Suggestions.Closest(name, OptionNames);
                errors.Add(suggestion is null
                    ? $"unknown option '{name}'; see ./build.sh --help"
                    : $"unknown option '{name}'; did you mean '{suggestion}'?");
            }
        }

        if (errors.Count > 0)
        {
            return new ParseOutcome(null, errors);
        }

        var result = _root.Parse(args.ToArray());
        errors.AddRange(result.Errors.Select(e => e.Message));
        if (errors.Count > 0)
        {
            return new ParseOutcome(null, errors);
        }

        var requested = result.GetValue(_targetArgument) ?? [];
        var forced = result.GetResult(_force) is null ? null : (IReadOnlyList<string>)(result.GetValue(_force) ?? []);
        foreach (var name in requested.Concat(forced ?? []).Where(_ => _checkTargets))
        {
            if (!_targets.Any(t => t.Name.Equals(name, StringComparison.Ordinal)))
            {
                var caseInsensitive = _targets.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                var suggestion = caseInsensitive?.Name ?? Suggestions.Closest(name, _targets.Select(t => t.Name));
                errors.Add(suggestion is null
                    ? $"unknown target '{name}'; targets: {string.Join(", ", _targets.Select(t => t.Name))}"
                    : $"unknown target '{name}'; did you mean '{suggestion}'?");
            }
        }

        var jobs = result.GetValue(_jobs);
        if (jobs < 1)
        {
            errors.Add($"--jobs must be at least 1, got {jobs}");
        }

        if (result.GetResult(_remote) is not null && string.IsNullOrWhiteSpace(result.GetValue(_remote)))
        {
            // An unset CI secret expands to nothing; building on without the remote would silently retrain everything.
            errors.Add("--remote was given an empty URL (an unset secret or variable?); use file:///path or s3://bucket/prefix");
        }

        var threads = result.GetValue(_threads);
        if (threads < 1)
        {
            errors.Add($"--threads must be at least 1, got {threads}");
        }

        var cores = result.GetValue(_cores);
        if (cores is < 1)
        {
            errors.Add($"--cores must be at least 1, got {cores}");
        }

        var keep = result.GetValue(_keep);
        if (keep < 0)
        {
            errors.Add($"--keep must be 0 or more, got {keep}");
        }

        long? maxSize = null;
        if (result.GetValue(_maxSize) is { } sizeText)
        {
            if (ByteSize.TryParse(sizeText, out var bytes))
            {
                maxSize = bytes;
            }
            else
            {
                errors.Add($"--max-size: '{sizeText}' is not a size (examples: 500M, 2G, 1.5GB, 4096)");
            }
        }

        var last = result.GetValue(_last);
        if (last < 1)
        {
            errors.Add($"--last must be at least 1, got {last}");
        }

        if (errors.Count > 0)
        {
            return new ParseOutcome(null, errors);
        }

        // "./build.sh --force TrainResnet" with no other target means "build TrainResnet, forced".
        var targets = requested.Length > 0 ? requested : (forced ?? []).ToArray();
        var experiments = result.GetValue(_experiment) is { Length: > 0 } e ? e : [BuildParameters.DefaultExperiment];
        return new ParseOutcome(
            new BuildOptions
            {
                Targets = targets,
                Experiments = experiments,
                Plan = result.GetValue(_plan),
                Force = forced,
                Jobs = jobs,
                Device = result.GetValue(_device) ?? "auto",
                Threads = threads,
                Cores = cores,
                Artifacts = result.GetValue(_artifacts) ?? BuildParameters.DefaultArtifacts,
                ExperimentGiven = result.GetResult(_experiment) is not null,
                Keep = keep,
                MaxSize = maxSize,
                Last = last,
                Builds = result.GetValue(_build) ?? [],
                Set = result.GetValue(_set) ?? [],
                OverrideFiles = result.GetValue(_overrides) ?? [],
                TestFilter = result.GetValue(_filter),
                Remote = result.GetValue(_remote),
                RemoteReadOnly = result.GetValue(_remoteReadOnly),
            },
            []);
    }

    /// <summary>Help text: usage, every target with its direct dependencies, every parameter with its default.</summary>
    public string HelpText()
    {
        var width = Math.Max(_targets.Max(t => t.Name.Length), 14) + 2;
        var text = new System.Text.StringBuilder();
        text.AppendLine("Usage: ./build.sh <Target>... [--experiment DIR] [--plan] [--force [Target...]] [--jobs N] [--device auto|cpu|cuda] [--threads N] [--cores N] [--artifacts DIR] [--set FILE:KEY=VALUE]... [--overrides FILE.yaml]... [--filter EXPR] [--remote URL [--remote-read-only]] [--keep N] [--max-size SIZE] [--last N] [--build ID] [--cuda]");
        text.AppendLine();
        text.AppendLine("Targets (direct dependencies in brackets):");
        foreach (var target in _targets)
        {
            var deps = target.DependsOn.Count == 0 ? "" : $" [{string.Join(", ", target.DependsOn)}]";
            var kind = target.IsStage ? "" : " (action, never cached)";
            text.AppendLine($"  {target.Name.PadRight(width)}{target.Description}{deps}{kind}");
        }

        text.AppendLine();
        text.AppendLine("Parameters (default in brackets):");
        void Line(string name, string description, string defaultValue) =>
            text.AppendLine($"  {name.PadRight(22)}{description}{(defaultValue.Length > 0 ? $" [{defaultValue}]" : "")}");
        Line("--experiment DIR", "experiment folder; repeat it for Compare", BuildParameters.DefaultExperiment);
        Line("--plan", "print each target as cached or run (reason); run nothing", "off");
        Line("--force [Target...]", "rerun targets even if cached; alone: every requested target", "off");
        Line("--jobs N", "independent stage runs executed in parallel, within the --cores budget", "1");
        Line("--device D", "auto, cpu or cuda (auto: cuda when available); part of keys", "auto");
        Line("--threads N", "torch threads in each stage process; part of keys", BuildParameters.DefaultThreads.ToString());
        Line("--cores N", "cores the runs executing at once may keep busy: a run starts only when its threads fit; never in a key", "this machine's cores");
        Line("--artifacts DIR", "where the cache, logs and published outputs go", BuildParameters.DefaultArtifacts);
        Line("--set FILE:KEY=VALUE", "override an experiment value, e.g. resnet.yaml:training.seed=2; repeatable (docs/overrides.md)", "none");
        Line("--overrides FILE", "a YAML file of overrides (docs/overrides.md); repeatable, applied before --set", "none");
        Line("--filter EXPR", "Test: run only the tests dotnet test --filter EXPR selects", "all tests");
        Line("--remote URL", "shared cache: pull what is missing, push what ran (file:///path, s3://bucket/prefix; docs/fleet.md)", "PIPELINE_REMOTE, else pipeline.yaml remote.url, else none");
        Line("--remote-read-only", "pull from the remote cache, never push", "off");
        Line("--keep N", "Gc: also keep the entries of the N most recent builds", "0");
        Line("--max-size SIZE", "Gc: trim each store to SIZE (500M, 2G), least recently used first", "no limit");
        Line("--last N", "Runs: how many recent builds to list", BuildParameters.DefaultLast.ToString());
        Line("--build ID", "Compare: a build from the history (number from Runs, last, last~N); repeat it", "");
        Line("--cuda", "build.sh/build.ps1 switch: link the CUDA libtorch backend", "off (cpu)");
        Line("--help", "this text", "");
        text.AppendLine();
        text.AppendLine("Cache keys: the resolved --device and --threads are part of the key of every training, pseudolabel and");
        text.AppendLine("TTA run (results differ between devices and thread counts); --set and --overrides change the parameters,");
        text.AppendLine("which keys hold; the other options never change a result and are in no key. Keys hold no machine path:");
        text.AppendLine("see docs/keys.md.");
        return text.ToString();
    }
}

namespace Pipeline.Engine;

/// <summary>
/// Decides whether a run must execute and explains why. The plan and the build both call it, so the plan cannot
/// disagree with what a build does for the same state of the store.
/// </summary>
internal sealed class RunEvaluator
{
    private const string Unset = "(none)";
    private readonly EngineSettings _settings;
    private readonly ArtifactStore _store;
    private readonly PipelineLockFile _lockFile;
    private readonly BuildGraph _graph;

    public RunEvaluator(BuildGraph graph, EngineSettings settings, ArtifactStore store, PipelineLockFile lockFile)
    {
        _graph = graph;
        _settings = settings;
        _store = store;
        _lockFile = lockFile;
    }

    /// <param name="run">The run.</param>
    /// <param name="upstream">Each upstream run's output, or null when it has not been produced yet (it will run).</param>
    /// <param name="forced">Whether the user forced the run's target.</param>
    public RunEvaluation Evaluate(StageRun run, IReadOnlyDictionary<string, UpstreamOutput?> upstream, bool forced)
    {
        _lockFile.Runs.TryGetValue(run.RunId, out var record);
        var inputHashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var inputPaths = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < run.Inputs.Count; i++)
        {
            var full = Path.GetFullPath(run.Inputs[i], Path.GetFullPath(_settings.InputRoot));
            var keyPath = KeyPath(full, i);
            try
            {
                inputHashes[keyPath] = _store.Hasher.HashPath(full);
                inputPaths[keyPath] = full;
            }
            catch (FileNotFoundException)
            {
                var reason = $"input not found: {Display(keyPath, full)}";
                return new RunEvaluation { Run = run, WillRun = true, Reasons = [reason], Error = $"{run.RunId}: {reason} ({full})" };
            }
        }

        var pending = run.Upstream.Where(u => upstream[u] is null).ToList();
        if (pending.Count > 0)
        {
            List<string> reasons = forced ? ["forced"] : Differences(run, record, inputHashes, inputPaths, upstream);
            // Without a record there is nothing an upstream change could be compared with: "no cache entry" says it all.
            if (record is not null || forced)
            {
                foreach (var target in pending.Select(u => _graph.GetRun(u).Target).Distinct())
                {
                    reasons.Add($"input may change: {target}");
                }
            }

            return new RunEvaluation { Run = run, WillRun = true, Reasons = reasons, InputHashes = inputHashes, InputPaths = inputPaths };
        }

        var upstreamHashes = run.Upstream.ToDictionary(u => u, u => upstream[u]!.ContentHash, StringComparer.Ordinal);
        var key = RunKey.Compute(run, upstreamHashes, inputHashes);
        var check = _store.Check(key);
        List<string> why;
        if (forced)
        {
            why = ["forced"];
        }
        else if (check.State == EntryState.Valid)
        {
            return new RunEvaluation { Run = run, Key = key, WillRun = false, Reasons = [], Check = check, InputHashes = inputHashes, InputPaths = inputPaths };
        }
        else if (check.State == EntryState.Corrupt)
        {
            why = [$"cache entry corrupt ({check.Problem})"];
        }
        else
        {
            why = record is null ? [] : Differences(run, record, inputHashes, inputPaths, upstream);
            if (why.Count == 0)
            {
                why.Add("no cache entry");
            }
        }

        return new RunEvaluation { Run = run, Key = key, WillRun = true, Reasons = why, Check = check, InputHashes = inputHashes, InputPaths = inputPaths };
    }

    /// <summary>Changed parameters of one group (same file, same first two path segments) listed one by one up to this many.</summary>
    private const int ChangesListedPerGroup = 3;

    /// <summary>
    /// One reason per changed parameter, except that a group of more than <see cref="ChangesListedPerGroup"/> changes
    /// under one file and path prefix (a preset added or removed: dozens of leaves) reads as one reason,
    /// <c>augmentations.yaml: presets.tta_small (14 changes)</c>.
    /// </summary>
    private static IEnumerable<string> Summarise(List<(string? Source, string Path, string Change)> changes)
    {
        foreach (var group in changes.GroupBy(c => (c.Source, Prefix: GroupPrefix(c.Path))))
        {
            var items = group.ToList();
            if (items.Count > ChangesListedPerGroup)
            {
                var summary = $"{group.Key.Prefix} ({items.Count} changes)";
                yield return group.Key.Source is null ? summary : $"{group.Key.Source}: {summary}";
                continue;
            }

            foreach (var (source, _, change) in items)
                yield return source is null ? change : $"{source}: {change}";
        }
    }

    /// <summary>The first two segments of a flattened path: <c>presets.tta0_gentle[0].affine.cval</c> → <c>presets.tta0_gentle</c>.</summary>
    private static string GroupPrefix(string path)
    {
        var segments = path.Split('.');
        var prefix = segments.Length > 1 ? $"{segments[0]}.{segments[1]}" : segments[0];
        var bracket = prefix.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? prefix[..bracket] : prefix;
    }

    private List<string> Differences(
        StageRun run, LockedRun? record, SortedDictionary<string, string> inputHashes, SortedDictionary<string, string> inputPaths, IReadOnlyDictionary<string, UpstreamOutput?> upstream)
    {
        var reasons = new List<string>();
        if (record is null)
        {
            reasons.Add("no cache entry");
            return reasons;
        }

        var current = ParameterFlattener.Flatten(run.Parameters);
        var changes = new List<(string? Source, string Path, string Change)>();
        foreach (var path in current.Keys.Union(record.Parameters.Keys).Order(StringComparer.Ordinal))
        {
            var hasNew = current.TryGetValue(path, out var newValue);
            var hasOld = record.Parameters.TryGetValue(path, out var oldValue);
            if (hasNew && hasOld && newValue == oldValue)
            {
                continue;
            }

            var source = hasNew
                ? ParameterFlattener.SourceOf(run.ParameterSources, path)
                : record.ParameterSources.GetValueOrDefault(path);
            changes.Add((source, path, $"{path} {(hasOld ? oldValue : Unset)} -> {(hasNew ? newValue : Unset)}"));
        }

        reasons.AddRange(Summarise(changes));

        if (record.Kind != run.Kind)
        {
            reasons.Add($"stage kind changed: {record.Kind} -> {run.Kind}");
        }

        var changedUpstream = new List<string>();
        foreach (var runId in run.Upstream)
        {
            if (upstream[runId] is not { } output)
            {
                continue;
            }

            if (!record.Upstream.TryGetValue(runId, out var locked) || locked.Output != output.ContentHash)
            {
                changedUpstream.Add(output.Target);
            }
        }

        foreach (var (runId, locked) in record.Upstream)
        {
            if (!run.Upstream.Contains(runId))
            {
                changedUpstream.Add(locked.Target);
            }
        }

        reasons.AddRange(changedUpstream.Distinct().Select(t => $"input changed: {t}"));

        foreach (var path in inputHashes.Keys.Union(record.Inputs.Keys).Order(StringComparer.Ordinal))
        {
            if (!inputHashes.TryGetValue(path, out var hash) || !record.Inputs.TryGetValue(path, out var old) || hash != old)
            {
                reasons.Add($"input changed: {(inputPaths.TryGetValue(path, out var full) ? Display(path, full) : path)}");
            }
        }

        if (record.Code != run.Code)
        {
            reasons.Add("code changed");
        }

        return reasons;
    }

    /// <summary>
    /// An input's name in the key: its path relative to the input root with '/' separators when inside it. An input
    /// outside it (a data folder such as /data/he) is a path of this machine, which must not enter the key: it is
    /// named by its place in the run's inputs, <c>external[0]</c>, so the same data elsewhere finds the same entry.
    /// </summary>
    private string KeyPath(string full, int index)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(_settings.InputRoot), full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? $"{ExternalInput}[{index}]"
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private const string ExternalInput = "external";

    /// <summary>How reasons name an input: its key path, or for an input outside the input root its full path.</summary>
    private static string Display(string keyPath, string full) =>
        keyPath.StartsWith(ExternalInput + "[", StringComparison.Ordinal) ? full.Replace(Path.DirectorySeparatorChar, '/') : keyPath;
}

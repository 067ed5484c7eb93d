using Pipeline.Foundation;

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
        foreach (var input in run.Inputs)
        {
            var full = Path.GetFullPath(input, Path.GetFullPath(_settings.InputRoot));
            var keyPath = KeyPath(full);
            if (inputPaths.TryGetValue(keyPath, out var other))
            {
                var clash = $"inputs {other} and {full} would enter the key under the same name '{keyPath}'";
                return new RunEvaluation { Run = run, WillRun = true, Reasons = [clash], Error = $"{run.RunId}: {clash}; rename one of them" };
            }

            try
            {
                inputHashes[keyPath] = _store.Hasher.HashPath(full);
                inputPaths[keyPath] = full;
            }
            catch (FileNotFoundException)
            {
                var reason = $"input not found: {keyPath}";
                return new RunEvaluation { Run = run, WillRun = true, Reasons = [reason], Error = $"{run.RunId}: {reason} ({full})" };
            }
        }

        var pending = run.Upstream.Where(u => upstream[u] is null).ToList();
        if (pending.Count > 0)
        {
            List<string> reasons = forced ? ["forced"] : Differences(run, record, inputHashes, upstream);
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

        var lockRecord = LockedRun.Of(run, upstream, inputHashes);
        var key = lockRecord.Key;
        var check = _store.Check(key);
        List<string> why;
        if (forced)
        {
            why = ["forced"];
        }
        else if (check.State == EntryState.Valid)
        {
            return new RunEvaluation { Run = run, Key = key, Record = lockRecord, WillRun = false, Reasons = [], Check = check, InputHashes = inputHashes, InputPaths = inputPaths };
        }
        else if (check.State == EntryState.Corrupt)
        {
            why = [$"cache entry corrupt ({check.Problem})"];
        }
        else
        {
            why = record is null ? [] : Differences(run, record, inputHashes, upstream);
            if (why.Count == 0)
            {
                why.Add("no cache entry");
            }
        }

        return new RunEvaluation { Run = run, Key = key, Record = lockRecord, WillRun = true, Reasons = why, Check = check, InputHashes = inputHashes, InputPaths = inputPaths };
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
            {
                yield return source is null ? change : $"{source}: {change}";
            }
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
        StageRun run, LockedRun? record, SortedDictionary<string, string> inputHashes, IReadOnlyDictionary<string, UpstreamOutput?> upstream)
    {
        var reasons = new List<string>();
        if (record is null)
        {
            reasons.Add("no cache entry");
            return reasons;
        }

        var current = JsonFlattener.Flatten(run.Parameters);
        var recorded = JsonFlattener.Flatten(record.Parameters);
        var changes = new List<(string? Source, string Path, string Change)>();
        foreach (var path in current.Keys.Union(recorded.Keys).Order(StringComparer.Ordinal))
        {
            var hasNew = current.TryGetValue(path, out var newValue);
            var hasOld = recorded.TryGetValue(path, out var oldValue);
            if (hasNew && hasOld && newValue == oldValue)
            {
                continue;
            }

            var source = hasNew
                ? JsonFlattener.ForPathOrParent(run.ParameterSources, path)
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

            if (!record.Upstream.TryGetValue(runId, out var lockedOutput) || lockedOutput != output.ContentHash)
            {
                changedUpstream.Add(output.Target);
            }
        }

        foreach (var runId in record.Upstream.Keys)
        {
            if (!run.Upstream.Contains(runId))
            {
                changedUpstream.Add(record.UpstreamRuns.TryGetValue(runId, out var locked) ? locked.Target : runId);
            }
        }

        reasons.AddRange(changedUpstream.Distinct().Select(t => $"input changed: {t}"));

        foreach (var path in inputHashes.Keys.Union(record.Inputs.Keys).Order(StringComparer.Ordinal))
        {
            if (!inputHashes.TryGetValue(path, out var hash) || !record.Inputs.TryGetValue(path, out var old) || hash != old)
            {
                reasons.Add($"input changed: {path}");
            }
        }

        if (record.Code != run.Code)
        {
            var changed = CodeFingerprint.Changed(record.Code, run.Code);
            reasons.Add(changed.Count is > 0 and <= ChangesListedPerGroup ? $"code changed: {string.Join(", ", changed)}" : "code changed");
        }

        return reasons;
    }

    /// <summary>
    /// The name an input enters the key under (its content enters as its hash). Inside the input root (the
    /// checkout): its path relative to it, '/' separators. Outside (a data folder, a weights file): <see cref="ExternalPrefix"/>
    /// and its own file or folder name, never the machine's path to it, so runners that keep the same data in
    /// different places share keys.
    /// </summary>
    public string KeyPath(string full)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(_settings.InputRoot), full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? ExternalPrefix + Path.GetFileName(Path.TrimEndingDirectorySeparator(full))
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Starts the key name of an input outside the input root.</summary>
    public const string ExternalPrefix = "$external/";
}

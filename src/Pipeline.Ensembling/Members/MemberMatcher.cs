using System.Text;
using Pipeline.Ensembling.Configuration;
using Pipeline.Ensembling.Predictions;

namespace Pipeline.Ensembling.Members;

/// <summary>Expands the <c>members:</c> patterns of an <see cref="EnsembleConfig"/> against the prediction sets that exist.</summary>
public static class MemberMatcher
{
    /// <summary>
    /// Every (model, checkpoint, TTA version) each line selects, in line order and, within a line, by
    /// model, checkpoint (natural order) and version. A line that selects nothing is an error rather
    /// than a silently smaller ensemble. Two lines selecting the same triplet give two members, so
    /// their weights add up.
    /// </summary>
    /// <param name="members">The configured lines.</param>
    /// <param name="available">The prediction sets of one split (usually validation).</param>
    /// <param name="source">Where the lines come from, for messages (e.g. <c>experiments/ensemble.yaml</c>).</param>
    public static IReadOnlyList<EnsembleMember> Expand(IReadOnlyList<EnsembleMemberConfig> members, IReadOnlyList<PredictionSet> available, string source = "ensemble configuration")
    {
        var triplets = available
            .Select(s => (s.Model, s.Checkpoint, s.TtaVersion))
            .Distinct()
            .OrderBy(t => t.Model, StringComparer.Ordinal)
            .ThenBy(t => t.Checkpoint, NaturalStringComparer.Instance)
            .ThenBy(t => t.TtaVersion)
            .ToList();

        var result = new List<EnsembleMember>();
        for (var line = 0; line < members.Count; line++)
        {
            var member = members[line];
            var model = GlobPattern.ToRegex(member.Model);
            var checkpoint = GlobPattern.ToRegex(member.Checkpoint);
            var (anyTta, versions) = ParseTta(line, member, source);

            var matched = triplets
                .Where(t => model.IsMatch(t.Model) && checkpoint.IsMatch(t.Checkpoint) && (anyTta || versions.Contains(t.TtaVersion)))
                .Select(t => new EnsembleMember(t.Model, t.Checkpoint, t.TtaVersion, member.Weight, line))
                .ToList();
            if (matched.Count == 0)
            {
                throw new MemberMatchException(NoMatchMessage(line, member, triplets, source));
            }

            // A listed version missing for every matched checkpoint is most likely a typo, not intent.
            foreach (var version in versions)
            {
                if (!matched.Any(m => m.TtaVersion == version))
                {
                    throw new MemberMatchException(
                        $"{source}: members[{line}] ({member.Describe()}) asks for TTA version {version}, which none of its checkpoints has. "
                        + $"Available: {Describe(triplets.Where(t => model.IsMatch(t.Model) && checkpoint.IsMatch(t.Checkpoint)))}.");
                }
            }
            result.AddRange(matched);
        }
        return result;
    }

    /// <summary>The prediction set of each member in <paramref name="sets"/>; a member without one is an error naming it and the split.</summary>
    public static IReadOnlyList<PredictionSet> SetsFor(IReadOnlyList<EnsembleMember> members, IReadOnlyList<PredictionSet> sets, string split)
    {
        var result = new List<PredictionSet>(members.Count);
        foreach (var member in members)
        {
            var set = sets.FirstOrDefault(member.Matches)
                ?? throw new MemberMatchException($"Ensemble member {member.Name} has no prediction set on split '{split}'.");
            result.Add(set);
        }
        return result;
    }

    private static (bool Any, IReadOnlySet<int> Versions) ParseTta(int line, EnsembleMemberConfig member, string source)
    {
        try
        {
            return member.TtaSelection();
        }
        catch (FormatException e)
        {
            throw new MemberMatchException($"{source}: members[{line}] ({member.Describe()}): {e.Message}.", e);
        }
    }

    private static string NoMatchMessage(int line, EnsembleMemberConfig member, IReadOnlyList<(string Model, string Checkpoint, int TtaVersion)> triplets, string source)
    {
        var message = new StringBuilder($"{source}: members[{line}] ({member.Describe()}) matches no prediction set. ");
        if (triplets.Count == 0)
        {
            return message.Append("No prediction sets are available at all; did the Tta stage run?").ToString();
        }

        var model = GlobPattern.ToRegex(member.Model);
        var ofModel = triplets.Where(t => model.IsMatch(t.Model)).ToList();
        if (ofModel.Count == 0)
        {
            var models = triplets.Select(t => t.Model).Distinct();
            return message.Append($"No model matches '{member.Model}'; available models: {string.Join(", ", models)}.").ToString();
        }
        return message.Append($"Available: {Describe(ofModel)}.").ToString();
    }

    // "resnet: cp1 (tta 0, 1), cp2 (plain, tta 0); inception: cp11 (tta 0)".
    private static string Describe(IEnumerable<(string Model, string Checkpoint, int TtaVersion)> triplets) =>
        string.Join("; ", triplets
            .GroupBy(t => t.Model)
            .Select(m => $"{m.Key}: " + string.Join(", ", m
                .GroupBy(t => t.Checkpoint)
                .Select(c => $"{c.Key} ({Versions(c.Select(t => t.TtaVersion))})"))));

    private static string Versions(IEnumerable<int> versions)
    {
        var parts = new List<string>();
        if (versions.Contains(PredictionSetExtensions.PlainTtaVersion))
        {
            parts.Add("plain");
        }

        var augmented = versions.Where(v => v != PredictionSetExtensions.PlainTtaVersion).ToList();
        if (augmented.Count > 0)
        {
            parts.Add("tta " + string.Join(", ", augmented));
        }

        return string.Join(", ", parts);
    }
}

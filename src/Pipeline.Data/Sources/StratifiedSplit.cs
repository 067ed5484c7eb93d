using Pipeline.Foundation;

namespace Pipeline.Data.Sources;

/// <summary>
/// A seeded, stratified choice of a fraction of each class. Each class is shuffled on its own,
/// with a generator seeded from (seed, class), so adding images to one class does not change
/// the choice in the others.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>
    /// Marks about <paramref name="fraction"/> of the items of each class (labels 0..classCount-1, -1 ignored) as chosen.
    /// A class of two or more items gives at least one and keeps at least one, when the fraction is above zero.
    /// </summary>
    public static bool[] Choose(IReadOnlyList<int> labels, int classCount, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var chosen = new bool[labels.Count];
        if (fraction <= 0)
        {
            return chosen;
        }

        for (int c = 0; c < classCount; c++)
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            if (members.Length < 2)
            {
                continue;
            }

            int take = Math.Clamp((int)Math.Round(members.Length * fraction, MidpointRounding.AwayFromZero), 1, members.Length - 1);
            var random = new Random(SplitMix64.CombineToInt32(seed, c));
            random.Shuffle(members);
            foreach (var i in members.AsSpan(0, take))
            {
                chosen[i] = true;
            }
        }
        return chosen;
    }

    /// <summary>
    /// Chooses exactly <paramref name="count"/> items spread over classes in proportion to their sizes
    /// (largest remainders), each class shuffled with its own seeded generator. Used to subsample.
    /// </summary>
    public static bool[] ChooseCount(IReadOnlyList<int> labels, int classCount, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var chosen = new bool[labels.Count];
        var members = new List<int>[classCount];
        for (int c = 0; c < classCount; c++)
        {
            members[c] = [];
        }

        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] >= 0)
            {
                members[labels[i]].Add(i);
            }
        }
        var quotas = Proportions.Allocate(members.Select(m => (double)m.Count).ToArray(), Math.Min(count, labels.Count(l => l >= 0)));
        for (int c = 0; c < classCount; c++)
        {
            var list = members[c].ToArray();
            new Random(SplitMix64.CombineToInt32(seed, c)).Shuffle(list);
            foreach (var i in list.AsSpan(0, Math.Min(quotas[c], list.Length)))
            {
                chosen[i] = true;
            }
        }
        return chosen;
    }
}

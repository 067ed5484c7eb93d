namespace Pipeline.Foundation;

/// <summary>
/// Close-match suggestions ("did you mean ...?") for misspelt keys, case names, enum values, targets, options,
/// experiment files and preset names, all by one rule: optimal-string-alignment distance (a swap of two neighbouring
/// letters counts as one edit, so <c>optimzer</c> is one edit from <c>optimizer</c>), case ignored, and a candidate is
/// close when it is within <see cref="Limit"/> edits.
/// </summary>
public static class Suggestions
{
    /// <summary>
    /// How many edits a word of this length may be from a candidate that is still its likely intent: one for words of
    /// up to three letters (so <c>lr</c> does not suggest <c>p</c>), otherwise two or a third of the word, whichever is
    /// more (<c>flip</c> suggests <c>fliplr</c>, <c>Ensmble</c> suggests <c>Ensemble</c>).
    /// </summary>
    public static int Limit(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length <= 3 ? 1 : Math.Max(2, word.Length / 3);
    }

    /// <summary>The close candidate nearest to <paramref name="word"/> (the first of equals), or null when none is close.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates) => AllClose(word, candidates).FirstOrDefault();

    /// <summary>Every close candidate, nearest first (ties in the given order).</summary>
    public static IReadOnlyList<string> AllClose(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var limit = Limit(word);
        var lower = word.ToLowerInvariant();
        return candidates
            .Select(candidate => (Candidate: candidate, Distance: Distance(lower, candidate.ToLowerInvariant())))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .Select(c => c.Candidate)
            .ToList();
    }

    /// <summary>Damerau-Levenshtein distance in its optimal-string-alignment form (case-sensitive).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

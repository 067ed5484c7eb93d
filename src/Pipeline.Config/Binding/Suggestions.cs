namespace Pipeline.Config.Binding;

/// <summary>Close-match suggestions for misspelt keys, case names, enum values, targets, options and preset names.</summary>
public static class Suggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="word"/> by optimal-string-alignment distance (a swap of two
    /// neighbouring letters counts as one edit, so <c>optimzer</c> is one edit from <c>optimizer</c>), when it
    /// is close enough to be the likely intent: one edit for words of up to three letters (so <c>lr</c>
    /// does not suggest <c>p</c>), otherwise two edits or a third of the word, whichever is more
    /// (<c>flip</c> suggests <c>fliplr</c>). Case is ignored.
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var limit = word.Length <= 3 ? 1 : Math.Max(2, word.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance && distance <= limit)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Damerau-Levenshtein distance in its optimal-string-alignment form.</summary>
    public static int Distance(string a, string b)
    {
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

    /// <summary><c>'a', 'b', 'c'</c> for messages.</summary>
    public static string QuotedList(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}

namespace Pipeline.Ensembling.Members;

/// <summary>Orders names with embedded numbers by value (<c>cp2</c> before <c>cp10</c>), otherwise ordinally, so member lists read in training order.</summary>
public sealed class NaturalStringComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static NaturalStringComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var si = i;
                var sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                var a = x.AsSpan(si, i - si).TrimStart('0');
                var b = y.AsSpan(sj, j - sj).TrimStart('0');
                if (a.Length != b.Length)
                {
                    return a.Length.CompareTo(b.Length);
                }

                var digits = a.SequenceCompareTo(b);
                if (digits != 0)
                {
                    return digits;
                }

                continue;
            }
            if (x[i] != y[j])
            {
                return x[i].CompareTo(y[j]);
            }

            i++;
            j++;
        }
        var rest = (x.Length - i).CompareTo(y.Length - j);
        // Equal under the natural order (cp01 vs cp1) still needs a fixed order.
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }
}

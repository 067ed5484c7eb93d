namespace Pipeline.Config.Overrides;

/// <summary>
/// Reads an override's key path, <c>training.phases[1].optimizer.lr</c>: keys separated by dots, each followed by
/// any number of <c>[index]</c>. Positions are kept so an error can point at the one segment that is wrong.
/// </summary>
internal static class KeyPathParser
{
    /// <summary>
    /// The segments of <paramref name="text"/>, written at <paramref name="line"/>, starting at <paramref name="column"/>;
    /// null with <paramref name="error"/> and its column when the syntax is wrong.
    /// </summary>
    public static IReadOnlyList<KeyPathSegment>? Parse(string text, int line, int column, out string error, out int errorColumn)
    {
        error = "";
        errorColumn = column;
        var segments = new List<KeyPathSegment>();
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < text.Length && text[i] is not ('.' or '[' or ']') && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                errorColumn = column + i;
                error = text.Length == 0
                    ? "the key is empty; write a key path such as training.phases[1].optimizer.lr"
                    : $"expected a key at position {i + 1} of '{text}'";
                return null;
            }

            segments.Add(new KeyPathSegment(text[start..i], 0, line, column + start));
            while (i < text.Length && text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    errorColumn = column + i;
                    error = $"expected a list index such as [0] at position {i + 1} of '{text}'";
                    return null;
                }

                segments.Add(new KeyPathSegment(null, index, line, column + i));
                i = close + 1;
            }

            if (i == text.Length)
            {
                return segments;
            }

            if (text[i] != '.')
            {
                errorColumn = column + i;
                error = char.IsWhiteSpace(text[i])
                    ? $"a key path has no spaces ('{text}')"
                    : $"unexpected '{text[i]}' at position {i + 1} of '{text}'";
                return null;
            }

            i++;
        }
    }
}

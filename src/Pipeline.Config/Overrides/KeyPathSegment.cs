namespace Pipeline.Config.Overrides;

/// <summary>One step of an override's key path: a mapping key, or (when <see cref="Key"/> is null) a list index; with where it was written.</summary>
internal sealed record KeyPathSegment(string? Key, int Index, int Line, int Column)
{
    public override string ToString() => Key ?? $"[{Index}]";

    /// <summary><c>training</c>, <c>phases</c>, <c>[1]</c> as <c>training.phases[1]</c>.</summary>
    public static string Join(IEnumerable<KeyPathSegment> segments)
    {
        var text = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Key is null)
            {
                text.Append('[').Append(segment.Index).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(segment.Key);
            }
        }

        return text.ToString();
    }
}

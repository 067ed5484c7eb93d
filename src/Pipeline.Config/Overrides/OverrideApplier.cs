using Pipeline.Config.Yaml;

namespace Pipeline.Config.Overrides;

/// <summary>
/// Puts an override's value into a parsed YAML tree. The tree is copied along the key path, never changed in
/// place, so an anchor used elsewhere in the file keeps its value. Keys the file does not write are created
/// (binding then reports an unknown one, with a close match); only list indexes must already exist.
/// </summary>
internal static class OverrideApplier
{
    public static YamlNode Apply(YamlNode root, ConfigOverride change, string file, ICollection<ConfigError> errors) =>
        Apply(root, change, 0, file, errors);

    private static YamlNode Apply(YamlNode node, ConfigOverride change, int depth, string file, ICollection<ConfigError> errors)
    {
        if (depth == change.Segments.Count)
        {
            return change.Value;
        }

        var segment = change.Segments[depth];
        var here = KeyPathSegment.Join(change.Segments.Take(depth));
        var origin = change.Value.Origin ?? change.Origin;
        if (segment.Key is { } key)
        {
            if (node is YamlSequence)
            {
                errors.Add(new ConfigError(origin, segment.Line, segment.Column, KeyPathSegment.Join(change.Segments.Take(depth + 1)),
                    $"'{here}' is a list in {file}; pick an item, {here}[0].{key}, or set the whole list"));
                return node;
            }

            // A null or other scalar where a mapping is needed is replaced; binding says whether a mapping fits there.
            var mapping = node as YamlMapping ?? new YamlMapping(segment.Line, segment.Column, []) { Origin = origin };
            var entries = mapping.Entries.ToList();
            var at = entries.FindIndex(e => e.Key == key);
            if (at >= 0)
            {
                entries[at] = entries[at] with { Value = Apply(entries[at].Value, change, depth + 1, file, errors) };
            }
            else
            {
                var keyNode = new YamlScalar(segment.Line, segment.Column, key, true) { Origin = origin };
                var fresh = new YamlMapping(segment.Line, segment.Column, []) { Origin = origin };
                entries.Add(new YamlEntry(key, keyNode, Apply(fresh, change, depth + 1, file, errors)));
            }

            return new YamlMapping(mapping.Line, mapping.Column, entries) { Origin = mapping.Origin };
        }

        var path = KeyPathSegment.Join(change.Segments.Take(depth + 1));
        if (node is not YamlSequence sequence)
        {
            var written = node is not YamlScalar { IsNull: true } && !(node is YamlMapping { Entries.Count: 0 } empty && empty.Origin == origin);
            errors.Add(new ConfigError(origin, segment.Line, segment.Column, path, written
                ? $"'{here}' is not a list in {file} (it is {node.Describe()}); an index needs a list"
                : $"'{here}' is not written in {file}, so it has no item {segment.Index} to change; set the whole list ({here}=[...])"));
            return node;
        }

        if (segment.Index >= sequence.Items.Count)
        {
            errors.Add(new ConfigError(origin, segment.Line, segment.Column, path,
                $"index {segment.Index} is out of range: '{here}' in {file} has {sequence.Items.Count} item{(sequence.Items.Count == 1 ? "" : "s")}" +
                (sequence.Items.Count > 0 ? $" (0..{sequence.Items.Count - 1})" : "")));
            return node;
        }

        var items = sequence.Items.ToList();
        items[segment.Index] = Apply(items[segment.Index], change, depth + 1, file, errors);
        return new YamlSequence(sequence.Line, sequence.Column, items) { Origin = sequence.Origin };
    }
}

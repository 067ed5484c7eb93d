namespace Pipeline.Models.Pretrained;

/// <summary>A Python dict (or OrderedDict) in insertion order.</summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object, object?>> entries = [];
    private readonly Dictionary<object, int> index = [];

    public IReadOnlyList<KeyValuePair<object, object?>> Entries => entries;

    public int Count => entries.Count;

    /// <summary>The <c>BUILD</c> state of an OrderedDict (a state dict's <c>_metadata</c>).</summary>
    public object? State { get; set; }

    public void Set(object key, object? value)
    {
        if (index.TryGetValue(key, out var at))
        {
            entries[at] = new(key, value);
        }
        else
        {
            index[key] = entries.Count;
            entries.Add(new(key, value));
        }
    }

    public bool TryGet(string key, out object? value)
    {
        if (index.TryGetValue(key, out var at))
        {
            value = entries[at].Value;
            return true;
        }
        value = null;
        return false;
    }
}

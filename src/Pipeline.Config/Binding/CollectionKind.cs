namespace Pipeline.Config.Binding;

/// <summary>Recognises the list and dictionary types the binder supports.</summary>
internal static class CollectionKind
{
    private static readonly Type[] ListTypes =
    [
        typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(IEnumerable<>),
        typeof(IList<>), typeof(ICollection<>), typeof(List<>),
    ];

    private static readonly Type[] DictionaryTypes =
    [
        typeof(IReadOnlyDictionary<,>), typeof(IDictionary<,>), typeof(Dictionary<,>),
    ];

    /// <summary>The element type of a supported list type, or null.</summary>
    public static Type? ListElement(Type type) =>
        type.IsGenericType && ListTypes.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0] : null;

    /// <summary>The value type of a supported dictionary type with string keys, or null.</summary>
    public static Type? DictionaryValue(Type type)
    {
        if (!type.IsGenericType || !DictionaryTypes.Contains(type.GetGenericTypeDefinition()))
        {
            return null;
        }

        var arguments = type.GetGenericArguments();
        return arguments[0] == typeof(string)
            ? arguments[1]
            : throw new NotSupportedException($"Configuration dictionaries need string keys, not {arguments[0].Name}.");
    }

    /// <summary>
    /// Whether the declared type is a concrete mutable collection. Read-only interface types get read-only
    /// wrappers, so a bound configuration cannot be changed through a cast.
    /// </summary>
    public static bool IsMutable(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(List<>) || type.GetGenericTypeDefinition() == typeof(Dictionary<,>)
            || type.GetGenericTypeDefinition() == typeof(IList<>) || type.GetGenericTypeDefinition() == typeof(ICollection<>)
            || type.GetGenericTypeDefinition() == typeof(IDictionary<,>));
}

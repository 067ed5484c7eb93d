namespace Pipeline.Config;

/// <summary>
/// Thrown when a configuration cannot be loaded or bound. Carries every problem found, in document
/// order; the message is one <c>file:line:column: message</c> line per problem.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join('\n', errors))
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("A ConfigException needs at least one error.", nameof(errors));
        }

        Errors = errors;
    }

    /// <summary>Every problem found, sorted by file, line and column.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>Throws a <see cref="ConfigException"/> with <paramref name="errors"/> when there is any.</summary>
    public static void ThrowIfAny(IEnumerable<ConfigError> errors)
    {
        var sorted = ConfigErrorOrder.Sort(errors);
        if (sorted.Count > 0)
        {
            throw new ConfigException(sorted);
        }
    }
}

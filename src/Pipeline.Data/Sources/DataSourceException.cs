namespace Pipeline.Data.Sources;

/// <summary>
/// Problems a user must fix in the data's list files or layout (CSV columns, duplicate ids, missing
/// images, unknown labels, empty classes). All problems found are listed, each with file:line.
/// </summary>
public sealed class DataSourceException : Exception
{
    /// <summary>Creates the exception from one or more problems.</summary>
    public DataSourceException(IReadOnlyList<string> problems)
        : base(Format(problems)) => Problems = problems;

    /// <summary>Creates the exception from a single problem.</summary>
    public DataSourceException(string problem)
        : this([problem])
    {
    }

    /// <summary>Each problem as one line, <c>file:line: what is wrong</c>.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Format(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? problems[0]
            : $"{problems.Count} problems in the data:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems);
    }
}

namespace Pipeline.Engine;

/// <summary>
/// How to start a stage process: a program and the arguments before the spec path, e.g.
/// <c>dotnet /repo/build/bin/_build.dll __stage</c>; the engine appends the spec file's path.
/// </summary>
/// <param name="Program">The executable (a path, or a name found on PATH).</param>
/// <param name="ArgumentsPrefix">Arguments placed before the spec path.</param>
public sealed record StageCommand(string Program, IReadOnlyList<string> ArgumentsPrefix)
{
    /// <summary>
    /// The command that reruns the current .NET program with <paramref name="arguments"/> first: the host
    /// (<c>dotnet</c>) and the entry assembly when started as <c>dotnet x.dll</c>, else the apphost itself.
    /// </summary>
    public static StageCommand ForCurrentProcess(params string[] arguments)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The current process has no path.");
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        var isHost = Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return isHost && !string.IsNullOrEmpty(entry)
            ? new StageCommand(processPath, [entry, .. arguments])
            : new StageCommand(processPath, arguments);
    }
}

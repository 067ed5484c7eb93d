using Pipeline.Engine;

namespace Pipeline.Tests.Engine.Support;

/// <summary>
/// A temporary repository for one test: an input root with data files, an artifacts folder, a counter file the
/// test host appends to for every stage process, and a marker folder. Deleted on dispose.
/// </summary>
internal sealed class EngineSandbox : IDisposable
{
    public EngineSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(InputRoot);
        Directory.CreateDirectory(Markers);
    }

    public string Root { get; }

    public string InputRoot => Path.Combine(Root, "repo");

    public string Artifacts => Path.Combine(InputRoot, "artifacts");

    public string Markers => Path.Combine(Root, "markers");

    public string CounterPath => Path.Combine(Root, "counter.txt");

    public EngineSettings CreateSettings() => new()
    {
        ArtifactsDirectory = Artifacts,
        InputRoot = InputRoot,
        StageCommand = new StageCommand(TestHostLocator.DotnetHost, [TestHostLocator.Dll]),
        Threads = 1,
        // Test runs keep one core each (StageRun.Cores): a budget of 4 lets the concurrency tests run two at once on any machine.
        Cores = 4,
        Environment = new Dictionary<string, string>
        {
            ["ENGINE_TEST_COUNTER"] = CounterPath,
        },
        LockPollInterval = TimeSpan.FromMilliseconds(50),
    };

    public BuildEngine Engine(IEngineEvents? events = null, EngineSettings? settings = null) =>
        new(settings ?? CreateSettings(), events);

    public BuildResult Build(BuildGraph graph, BuildRequest request, IEngineEvents? events = null, EngineSettings? settings = null) =>
        Engine(events, settings).BuildAsync(graph, request).GetAwaiter().GetResult();

    public BuildResult Build(BuildGraph graph, params string[] targets) => Build(graph, new BuildRequest(targets));

    public BuildPlan Plan(BuildGraph graph, BuildRequest request, EngineSettings? settings = null) =>
        Engine(null, settings).Plan(graph, request);

    public string RenderPlan(BuildGraph graph, params string[] targets) => Plan(graph, new BuildRequest(targets)).Render();

    /// <summary>Run ids of every stage process started so far, in start order.</summary>
    public IReadOnlyList<string> Executions() =>
        File.Exists(CounterPath) ? File.ReadAllLines(CounterPath).Where(l => l.Length > 0).ToList() : [];

    /// <summary>Forgets the executions counted so far.</summary>
    public void ResetCounter() => File.Delete(CounterPath);

    public string WriteInput(string relativePath, string content)
    {
        var path = Path.Combine(InputRoot, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string EntryDirectory(string key) => new ArtifactLayout(Artifacts).EntryDirectory(key);

    /// <summary>Committed store entries (folders under cache/xx/), excluding work folders.</summary>
    public IReadOnlyList<string> Entries()
    {
        var cache = Path.Combine(Artifacts, "cache");
        return Directory.Exists(cache)
            ? Directory.EnumerateDirectories(cache)
                .Where(d => Path.GetFileName(d) != "tmp")
                .SelectMany(Directory.EnumerateDirectories)
                .Select(Path.GetFileName)
                .Select(n => n!)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

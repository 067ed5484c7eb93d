using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>
/// Issue 14: an input outside the input root (a data folder, a weights file) enters the key by content under its
/// own name, never under the machine's path to it, so two machines that keep the same data in different places
/// share keys.
/// </summary>
public sealed class ExternalInputTests : IDisposable
{
    private readonly EngineSandbox _first = new();
    private readonly EngineSandbox _second = new();

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public void The_same_data_in_two_places_outside_the_checkout_gives_the_same_key()
    {
        var one = Outside(_first, "disk-a", "id\n1\n");
        var two = Outside(_second, "mnt/disk-b", "id\n1\n");

        var a = _first.Build(new ChainExperiment { DataFile = one }.Graph(), "Prepare");
        var b = _second.Build(new ChainExperiment { DataFile = two }.Graph(), "Prepare");

        Assert.True(a.Succeeded && b.Succeeded, string.Join("\n", a.Failures.Concat(b.Failures)));
        Assert.NotEqual(one, two);
        Assert.Equal(a.Runs.Single().Key, b.Runs.Single().Key);
        var locked = PipelineLockFile.Load(Path.Combine(_first.Artifacts, "pipeline.lock.json"), NullEngineEvents.Instance);
        Assert.Equal(["$external/train.csv"], locked.Runs["Prepare"].Inputs.Keys);
    }

    [Fact]
    public void Other_content_outside_the_checkout_gives_another_key()
    {
        var a = _first.Build(new ChainExperiment { DataFile = Outside(_first, "disk", "id\n1\n") }.Graph(), "Prepare");
        var b = _second.Build(new ChainExperiment { DataFile = Outside(_second, "disk", "id\n2\n") }.Graph(), "Prepare");

        Assert.True(a.Succeeded && b.Succeeded, string.Join("\n", a.Failures.Concat(b.Failures)));
        Assert.NotEqual(a.Runs.Single().Key, b.Runs.Single().Key);
    }

    /// <summary>A file <c>train.csv</c> in a folder beside (not inside) the sandbox's input root.</summary>
    private static string Outside(EngineSandbox sandbox, string folder, string content)
    {
        var path = Path.Combine(sandbox.Root, folder, "train.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}

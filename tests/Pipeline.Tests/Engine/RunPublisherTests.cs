using Pipeline.Engine;
using Pipeline.Tests.Engine.Support;
using Xunit;

namespace Pipeline.Tests.Engine;

/// <summary>Publishing alone: friendly paths point into an entry; one that cannot be published is a warning.</summary>
public sealed class RunPublisherTests : IDisposable
{
    private const string Key = "0123456789abcdef0123456789abcdef";
    private readonly EngineSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Every_link_of_a_run_points_into_its_entry()
    {
        var entry = Entry();
        var run = new StageRun("Train", "Train/main", "write") { Publish = [new PublishLink("models/train"), new PublishLink("b.txt", "b.txt")] };

        var published = new RunPublisher(new ArtifactLayout(_sandbox.Artifacts), NullEngineEvents.Instance).Publish(run, Key);

        Assert.Equal(2, published);
        Assert.Equal("b", File.ReadAllText(Path.Combine(_sandbox.Artifacts, "models", "train", "b.txt")));
        Assert.Equal("b", File.ReadAllText(Path.Combine(_sandbox.Artifacts, "b.txt")));
        Assert.Equal(Path.Combine(entry, "b.txt"), Path.GetFullPath(new FileInfo(Path.Combine(_sandbox.Artifacts, "b.txt")).ResolveLinkTarget(true)!.FullName));
    }

    [Fact]
    public void A_link_that_cannot_be_published_is_a_warning_and_the_others_are_still_published()
    {
        Entry();
        var events = new RecordingEvents();
        var run = new StageRun("Train", "Train/main", "write") { Publish = [new PublishLink("missing.txt", "missing.txt"), new PublishLink("b.txt", "b.txt")] };

        var published = new RunPublisher(new ArtifactLayout(_sandbox.Artifacts), events).Publish(run, Key);

        Assert.Equal(1, published);
        Assert.True(File.Exists(Path.Combine(_sandbox.Artifacts, "b.txt")));
        Assert.Contains(events.Messages, m => m.StartsWith("Warning: Train/main: could not publish missing.txt", StringComparison.Ordinal));
    }

    private string Entry()
    {
        var entry = _sandbox.EntryDirectory(Key);
        Directory.CreateDirectory(entry);
        File.WriteAllText(Path.Combine(entry, "b.txt"), "b");
        return entry;
    }
}

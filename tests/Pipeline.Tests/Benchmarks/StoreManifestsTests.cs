using Pipeline.Benchmarks.Infrastructure;
using Pipeline.Engine;
using Xunit;

namespace Pipeline.Tests.Benchmarks;

public sealed class StoreManifestsTests
{
    [Fact]
    public void Only_the_store_entries_own_manifests_are_read_oldest_first()
    {
        var artifacts = Path.Combine(Path.GetTempPath(), $"store-manifests-{Guid.NewGuid():N}");
        try
        {
            var layout = new ArtifactLayout(artifacts);
            foreach (var (key, runId, minutes) in new[] { ("ab12", "Report", 2), ("cd34", "Preprocess", 1) })
            {
                var entry = layout.EntryDirectory(key);
                Directory.CreateDirectory(Path.Combine(entry, "ensemble"));
                var files = new List<ManifestFile> { new("ensemble/manifest.json", 2, "00") };
                var manifest = new OutputManifest
                {
                    Key = key, RunId = runId, Kind = runId.ToLowerInvariant(), Created = DateTimeOffset.UnixEpoch.AddMinutes(minutes),
                    ContentHash = OutputManifest.ComputeContentHash(files), Files = files,
                };
                File.WriteAllText(Path.Combine(entry, OutputManifest.FileName), manifest.ToJson());
                // A stage's own output file of the same name (a JSON array) is not a store manifest.
                File.WriteAllText(Path.Combine(entry, "ensemble", OutputManifest.FileName), "[]");
            }

            var read = StoreManifests.Read(artifacts);

            Assert.Equal(["Preprocess", "Report"], read.Select(m => m.RunId));
            Assert.Empty(StoreManifests.Read(Path.Combine(artifacts, "absent")));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }
}

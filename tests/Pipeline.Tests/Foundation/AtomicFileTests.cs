using System.Text;
using Pipeline.Foundation;
using Xunit;

namespace Pipeline.Tests.Foundation;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Text_is_written_as_utf8_without_a_byte_order_mark_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_folder, "sub", "a.json");

        AtomicFile.WriteAllText(path, "é\n");
        AtomicFile.WriteAllText(path, "{}");

        Assert.Equal("{}"u8.ToArray(), File.ReadAllBytes(path));
        AtomicFile.WriteAllText(path, "é");
        Assert.Equal(Encoding.UTF8.GetBytes("é"), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(Path.Combine(_folder, "sub")));
    }

    [Fact]
    public void Two_temporary_names_of_one_path_differ_and_name_the_process()
    {
        var path = Path.Combine(_folder, "a");
        var first = AtomicFile.TemporaryPath(path);

        Assert.NotEqual(first, AtomicFile.TemporaryPath(path));
        Assert.StartsWith($"{path}.tmp-{Environment.ProcessId}-", first, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_write_keeps_the_old_file_removes_the_temporary_one_and_names_the_target()
    {
        var path = Path.Combine(_folder, "state.json");
        AtomicFile.WriteAllText(path, "old");
        var writer = new AtomicFileWriter(stream => new FailingStream(stream));

        var error = Assert.Throws<ArtifactWriteException>(() => writer.WriteAllText(path, "training state", new string('x', 100_000)));

        Assert.Equal($"could not write training state {path}: No space left on device", error.Message);
        Assert.Equal(path, error.FilePath);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void An_exception_of_the_callback_passes_through_and_leaves_nothing()
    {
        var path = Path.Combine(_folder, "b.bin");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write([1, 2, 3]);
            throw new InvalidOperationException("stop");
        }));

        Assert.Empty(Directory.GetFiles(_folder));
    }

    private sealed class FailingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("No space left on device : '/tmp/whatever.tmp-1'");
    }
}

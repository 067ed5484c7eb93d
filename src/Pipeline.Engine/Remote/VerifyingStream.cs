using System.IO.Hashing;

namespace Pipeline.Engine;

/// <summary>
/// Writes through to a file while hashing what passes (the store's XxHash128) and counting it; refuses to grow past
/// the size the manifest promises, so a wrong remote object cannot fill the disk before it is found out.
/// </summary>
internal sealed class VerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly long _expectedSize;
    private readonly XxHash128 _hash = new();

    public VerifyingStream(Stream inner, long expectedSize)
    {
        _inner = inner;
        _expectedSize = expectedSize;
    }

    /// <summary>Bytes written so far.</summary>
    public long Written { get; private set; }

    /// <summary>Set when more bytes arrived than expected (writing stopped there).</summary>
    public bool TooLong { get; private set; }

    /// <summary>The content hash of what was written, in the store's format.</summary>
    public string Hash => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Admit(buffer.Length);
        _hash.Append(buffer);
        _inner.Write(buffer);
        Written += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Admit(buffer.Length);
        _hash.Append(buffer.Span);
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Admit(int count)
    {
        if (Written + count > _expectedSize)
        {
            TooLong = true;
            throw new InvalidDataException($"more than the expected {_expectedSize} bytes");
        }
    }
}

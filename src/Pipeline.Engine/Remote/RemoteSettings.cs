namespace Pipeline.Engine;

/// <summary>
/// Where the remote cache is and how to reach it. Credentials are not here: the S3 client reads them from the
/// standard AWS environment variables and profiles, so they never enter a file of the repository.
/// </summary>
public sealed record RemoteSettings
{
    /// <summary><c>file:///shared/path</c> or <c>s3://bucket/prefix</c>.</summary>
    public required string Url { get; init; }

    /// <summary>Pull only, never push (pull requests, untrusted runners).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>An S3-compatible endpoint instead of AWS (MinIO, Ceph, R2), e.g. <c>http://minio:9000</c>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Path-style bucket addressing (<c>endpoint/bucket/key</c>); null: on with an endpoint override, off for AWS.</summary>
    public bool? PathStyle { get; init; }

    /// <summary>The region to sign for; null: the SDK's own resolution (<c>AWS_REGION</c>, the profile), or us-east-1 with an endpoint.</summary>
    public string? Region { get; init; }
}

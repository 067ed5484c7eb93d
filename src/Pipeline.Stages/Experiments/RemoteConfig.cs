namespace Pipeline.Stages.Experiments;

/// <summary>
/// <c>pipeline.yaml</c>'s <c>remote:</c>: the shared cache a fleet of runners pulls from and pushes to. Where the
/// cache is, never how to log in: credentials come from the standard AWS variables and profiles. <c>--remote</c>
/// and <c>PIPELINE_REMOTE</c> override <see cref="Url"/>. None of it enters a key.
/// </summary>
public sealed record RemoteConfig
{
    /// <summary><c>file:///shared/path</c> or <c>s3://bucket/prefix</c>; null: no remote cache.</summary>
    public string? Url { get; init; }

    /// <summary>Pull only, never push.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>S3-compatible endpoint (MinIO, Ceph, R2); <c>PIPELINE_S3_ENDPOINT</c> or <c>AWS_ENDPOINT_URL_S3</c> override it.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Path-style bucket addressing; null: on with an endpoint, off for AWS.</summary>
    public bool? PathStyle { get; init; }

    /// <summary>Region to sign for; null: <c>AWS_REGION</c>, the profile's, or us-east-1 with an endpoint.</summary>
    public string? Region { get; init; }
}

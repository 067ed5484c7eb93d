using Pipeline.Cli;
using Pipeline.Engine;
using Pipeline.Stages.Experiments;

namespace Pipeline.Stages;

/// <summary>
/// Which remote cache a build uses: <c>--remote</c>, else <c>PIPELINE_REMOTE</c>, else <c>pipeline.yaml</c>'s
/// <c>remote.url</c>. An S3 endpoint comes from <c>PIPELINE_S3_ENDPOINT</c>, <c>AWS_ENDPOINT_URL_S3</c>,
/// <c>AWS_ENDPOINT_URL</c>, then <c>remote.endpoint</c>; path-style from <c>PIPELINE_S3_PATH_STYLE</c>, then
/// <c>remote.path_style</c>. Read-only when <c>--remote-read-only</c>, <c>PIPELINE_REMOTE_READ_ONLY</c> or
/// <c>remote.read_only</c> says so.
/// </summary>
public static class RemoteChoice
{
    public const string UrlVariable = "PIPELINE_REMOTE";
    public const string ReadOnlyVariable = "PIPELINE_REMOTE_READ_ONLY";
    public const string EndpointVariable = "PIPELINE_S3_ENDPOINT";
    public const string PathStyleVariable = "PIPELINE_S3_PATH_STYLE";

    /// <summary>The settings, null when no remote is configured, or an error naming the variable and value that is wrong.</summary>
    public static (RemoteSettings? Settings, string? Error) Resolve(BuildOptions options, RemoteConfig config, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        var url = NonEmpty(options.Remote) ?? NonEmpty(environment(UrlVariable)) ?? NonEmpty(config.Url);
        if (url is null)
        {
            return options.RemoteReadOnly ? (null, "--remote-read-only needs a remote: --remote URL, PIPELINE_REMOTE or pipeline.yaml remote.url") : (null, null);
        }

        var (readOnly, readOnlyError) = Flag(environment, ReadOnlyVariable);
        var (pathStyle, pathStyleError) = Flag(environment, PathStyleVariable);
        if ((readOnlyError ?? pathStyleError) is { } error)
        {
            return (null, error);
        }

        return (new RemoteSettings
        {
            Url = url,
            ReadOnly = options.RemoteReadOnly || readOnly == true || config.ReadOnly,
            Endpoint = NonEmpty(environment(EndpointVariable)) ?? NonEmpty(environment("AWS_ENDPOINT_URL_S3"))
                ?? NonEmpty(environment("AWS_ENDPOINT_URL")) ?? NonEmpty(config.Endpoint),
            PathStyle = pathStyle ?? config.PathStyle,
            Region = NonEmpty(config.Region) ?? NonEmpty(environment("AWS_REGION")) ?? NonEmpty(environment("AWS_DEFAULT_REGION")),
        }, null);
    }

    private static (bool? Value, string? Error) Flag(Func<string, string?> environment, string name) =>
        NonEmpty(environment(name))?.ToLowerInvariant() switch
        {
            null => (null, null),
            "1" or "true" or "yes" => (true, null),
            "0" or "false" or "no" => (false, null),
            var other => (null, $"{name}={other}: expected true or false"),
        };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

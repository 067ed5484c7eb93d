namespace Pipeline.Tests.Engine.Support;

/// <summary>
/// The S3 client reads credentials the standard way, from the environment. In-process tests set the test server's
/// dummy account there (the same values every time, so tests running side by side agree) and hide the machine's own
/// AWS files.
/// </summary>
internal static class S3Credentials
{
    public static void UseTestServerCredentials()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", Pipeline.Benchmarks.Infrastructure.S3rverServer.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", Pipeline.Benchmarks.Infrastructure.S3rverServer.SecretKey);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", "/dev/null");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    }
}

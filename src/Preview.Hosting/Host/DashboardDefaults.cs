using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// The dashboard's endpoints and login, decided in one place for every way the host is started (<c>eng/run.sh</c>,
/// <c>dotnet run</c>, the built AppHost run directly): plain HTTP on loopback, so no development certificate is needed,
/// and Aspire's browser-token login unless anonymous access is asked for explicitly.
/// </summary>
public static class DashboardDefaults
{
    private const string Urls = "ASPNETCORE_URLS";
    private const string OtlpEndpoint = "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL";
    private const string ResourceServiceEndpoint = "ASPIRE_DASHBOARD_RESOURCESERVICE_ENDPOINT_URL";
    private const string AllowAnonymous = "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS";
    private const string BrowserToken = "AppHost:BrowserToken";
    private static readonly int[] PreferredPorts = [18888, 18889, 18890];

    /// <summary>
    /// Sets, where not configured already, the dashboard's endpoints (ports 18888–18890 when free, else free ports) and a
    /// fresh browser token. Call before the application builder is created.
    /// </summary>
    internal static void Apply()
    {
        if (Environment.GetEnvironmentVariable(Urls) is null)
        {
            var ports = PreferredPorts.All(LoopbackPort.IsFree) ? PreferredPorts : [LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free()];
            Environment.SetEnvironmentVariable(Urls, $"http://localhost:{ports[0]}");
            Environment.SetEnvironmentVariable(OtlpEndpoint, $"http://localhost:{ports[1]}");
            Environment.SetEnvironmentVariable(ResourceServiceEndpoint, $"http://localhost:{ports[2]}");
            Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        }

        if (Environment.GetEnvironmentVariable("AppHost__BrowserToken") is null)
        {
            Environment.SetEnvironmentVariable("AppHost__BrowserToken", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        }
    }

    /// <summary>The URL that logs a browser into the dashboard (with its token unless it is anonymous); null without a dashboard.</summary>
    public static string? LoginUrl(IConfiguration configuration)
    {
        if (configuration[Urls]?.Split(';').FirstOrDefault() is not { Length: > 0 } url)
        {
            return null;
        }

        var anonymous = string.Equals(configuration[AllowAnonymous], "true", StringComparison.OrdinalIgnoreCase);
        return anonymous || configuration[BrowserToken] is not { Length: > 0 } token ? url : $"{url.TrimEnd('/')}/login?t={token}";
    }
}

using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// Reads the router's last request per preview (<c>GET /activity</c> on its management endpoint, with the router's
/// control token) every second and hands it to <see cref="PreviewHostService"/>, which puts idle previews to sleep and
/// wakes requested ones. When the router cannot be read nothing changes that round, so a restarting router never puts
/// previews to sleep.
/// </summary>
internal sealed class IdlePreviewMonitor(
    PreviewHostService host,
    ProjectResource router,
    string controlToken,
    TimeSpan idleAfter,
    ILogger<IdlePreviewMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(5) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (await ReadActivityAsync(stoppingToken).ConfigureAwait(false) is { } lastRequests)
                {
                    host.ApplyActivity(lastRequests, idleAfter, DateTimeOffset.UtcNow);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task<IReadOnlyDictionary<int, DateTimeOffset>?> ReadActivityAsync(CancellationToken cancellationToken)
    {
        using var request = RouterManagement.Request(router, controlToken, HttpMethod.Get, "/activity");
        if (request is null)
        {
            return null;
        }

        try
        {
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogDebug("The router answered {Status} for its activity; no preview sleeps or wakes this round.", (int)response.StatusCode);
                return null;
            }

            var report = await response.Content.ReadFromJsonAsync<RouterActivity>(HostWire.Options, cancellationToken).ConfigureAwait(false);
            return report?.Previews.Where(p => p.LastRequest is not null).ToDictionary(p => p.PullRequest, p => new DateTimeOffset(p.LastRequest!.Value, TimeSpan.Zero));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug("Reading the router's activity failed ({Error}); no preview sleeps or wakes this round.", ex.Message);
            return null;
        }
    }

    /// <summary><c>GET /activity</c> as the router writes it (src/Router, <c>ActivityReport</c>).</summary>
    private sealed record RouterActivity(IReadOnlyList<RouterActivityEntry> Previews);

    private sealed record RouterActivityEntry(int PullRequest, DateTime? LastRequest);
}

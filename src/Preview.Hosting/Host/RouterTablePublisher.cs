using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PreviewAspire.Provisioning;

namespace PreviewAspire.Hosting;

/// <summary>
/// Keeps the router's route table equal to the host's: pushes the whole table (<c>PUT /routes</c> on the router's
/// management endpoint, with the router's control token) after every change and each time the router (re)starts.
/// </summary>
internal sealed class RouterTablePublisher(
    PreviewRouteTable table,
    ProjectResource router,
    string controlToken,
    ResourceNotificationService notifications,
    ILogger<RouterTablePublisher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly SemaphoreSlim _dirty = new(0, 1);
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(5) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        table.Changed += MarkDirty;
        var watch = WatchRouterAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _dirty.WaitAsync(stoppingToken).ConfigureAwait(false);
                while (!await TryPushAsync(stoppingToken).ConfigureAwait(false))
                {
                    await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            table.Changed -= MarkDirty;
        }

        await watch.ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _client.Dispose();
        _dirty.Dispose();
        base.Dispose();
    }

    private void MarkDirty()
    {
        try
        {
            _dirty.Release();
        }
        catch (SemaphoreFullException)
        {
            // A push is already due; it sends the table as it is then.
        }
    }

    // A router that (re)starts has an empty table: push it again once it answers.
    private async Task WatchRouterAsync(CancellationToken stoppingToken)
    {
        DateTime? pushedFor = null;
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (update.Resource == router && update.Snapshot.State?.Text == KnownResourceStates.Running
                    && update.Snapshot.StartTimeStamp is { } started && started != pushedFor)
                {
                    pushedFor = started;
                    MarkDirty();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryPushAsync(CancellationToken cancellationToken)
    {
        using var request = RouterManagement.Request(router, controlToken, HttpMethod.Put, "/routes");
        if (request is null)
        {
            return false;
        }

        var (document, version) = table.Snapshot();
        request.Content = JsonContent.Create(document, options: HostWire.Options);
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode is >= 400 and < 500)
            {
                // Sending the same table again cannot help; the next change is pushed anew.
                logger.LogError("The router refused the route table: {Status} {Reason}", (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                return true;
            }

            if (response.IsSuccessStatusCode)
            {
                table.MarkPublished(version);
            }

            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Not listening yet, or restarting.
            logger.LogDebug("Pushing the route table to the router failed ({Error}); retrying.", ex.Message);
            return false;
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PreviewAspire.Hosting;

/// <summary>
/// Restarts a process the host keeps running — an engine, the router, a service of a preview while it serves a PR —
/// when it exits on its own (killed, crashed), through Aspire's start command, so the dashboard shows it come back.
/// Each restart is written to the resource's own log and counted in its <c>preview.restarts</c> property. After
/// <see cref="MaxRestarts"/> restarts within <see cref="Window"/> it gives up and says so. Nothing is restarted once
/// the host stops, nor anything stopped on purpose (a stop passes through Stopping; a kill does not).
/// </summary>
internal sealed class ResourceSupervisor(
    Func<IResource, bool> shouldRun,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    ILogger<ResourceSupervisor> logger) : BackgroundService
{
    /// <summary>The property counting a resource's restarts in the dashboard.</summary>
    public const string RestartsProperty = "preview.restarts";

    private const int MaxRestarts = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);

    private readonly ConcurrentDictionary<string, Restarts> _restarts = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var lastState = new Dictionary<string, string?>(StringComparer.Ordinal);
        var hasRun = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping.Token).ConfigureAwait(false))
            {
                var name = update.Resource.Name;
                var state = update.Snapshot.State?.Text;
                lastState.TryGetValue(name, out var previous);
                lastState[name] = state;
                if (state == KnownResourceStates.Running)
                {
                    hasRun.Add(name);
                }

                if (state != previous && IsExit(state) && previous != KnownResourceStates.Stopping && hasRun.Contains(name)
                    && !stopping.IsCancellationRequested && shouldRun(update.Resource))
                {
                    _ = RestartAsync(update.Resource, update.Snapshot.ExitCode, stopping.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    // DCP reports a process that ended by itself as Finished (exit code -1 when killed by a signal).
    private static bool IsExit(string? state) =>
        state == KnownResourceStates.Finished || state == KnownResourceStates.Exited || state == KnownResourceStates.FailedToStart;

    private async Task RestartAsync(IResource resource, int? exitCode, CancellationToken stopping)
    {
        var restarts = _restarts.GetOrAdd(resource.Name, _ => new Restarts());
        var recent = restarts.Record(DateTime.UtcNow);
        var resourceLog = resourceLogs.GetLogger(resource);
        var exit = exitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        if (recent > MaxRestarts)
        {
            resourceLog.LogError("Exited with code {ExitCode}: not restarted, it already restarted {Count} times in the last minute. Read this log, fix the cause, then start it from the dashboard.", exit, MaxRestarts);
            logger.LogError("'{Resource}' exited with code {ExitCode} and is not restarted again: {Count} restarts in the last minute. Its log says why; start it from the dashboard once fixed.", resource.Name, exit, MaxRestarts);
            return;
        }

        try
        {
            // Quickly at first; each further restart within the window waits twice as long.
            await Task.Delay(Min(FirstDelay * Math.Pow(2, recent - 1), MaxDelay), stopping).ConfigureAwait(false);
            if (!shouldRun(resource))
            {
                return;
            }

            var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, stopping).ConfigureAwait(false);
            if (!result.Success)
            {
                logger.LogError("Restarting '{Resource}' failed: {Error}", resource.Name, result.Message);
                return;
            }

            resourceLog.LogWarning("Restarted after it exited with code {ExitCode} (restart {Count} in the last minute).", exit, recent);
            logger.LogWarning("'{Resource}' exited with code {ExitCode}; restarted it (restart {Count} in the last minute).", resource.Name, exit, recent);
            await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
            {
                Properties = [.. snapshot.Properties.Where(p => p.Name != RestartsProperty), new ResourcePropertySnapshot(RestartsProperty, restarts.Total)],
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping: nothing is restarted.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>When a resource was restarted: how many times in all, and how many within the last <see cref="Window"/>.</summary>
    private sealed class Restarts
    {
        private readonly Queue<DateTime> _recent = new();

        public int Total { get; private set; }

        /// <summary>Counts a restart at <paramref name="now"/>; returns how many fall within the window, this one included.</summary>
        public int Record(DateTime now)
        {
            lock (_recent)
            {
                Total++;
                _recent.Enqueue(now);
                while (_recent.Peek() < now - Window)
                {
                    _recent.Dequeue();
                }

                return _recent.Count;
            }
        }
    }
}

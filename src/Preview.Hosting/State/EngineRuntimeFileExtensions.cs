using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PreviewAspire.Hosting;
using PreviewAspire.Provisioning;

namespace Aspire.Hosting;

/// <summary>Publishes where the running engines are, for the <c>preview</c> CLI (list, down, gc while an AppHost runs).</summary>
public static class EngineRuntimeFileExtensions
{
    /// <summary>
    /// Once all three engines are healthy, writes their administrator connections to the state directory
    /// (owner-only), together with the PRs this AppHost runs and where its <paramref name="router"/> listens (null when it
    /// runs the engines only) and how many <paramref name="standbySlots"/> it has; removes the file when the AppHost stops.
    /// </summary>
    public static PreviewEngines WithEngineRuntimeFile(
        this PreviewEngines engines, IDistributedApplicationBuilder builder, PreviewStateDirectory state, IEnumerable<int> pullRequests, RouterAddress? router, int standbySlots)
    {
        var prs = pullRequests.ToArray();
        var ready = 0;
        foreach (var engine in engines.All)
        {
            builder.Eventing.Subscribe<ResourceReadyEvent>(engine.Resource, async (_, cancellationToken) =>
            {
                if (Interlocked.Increment(ref ready) != 3)
                {
                    return;
                }

                var connections = new EngineConnections(
                    await ValueOf(engines.Postgres.Resource, cancellationToken).ConfigureAwait(false),
                    await ValueOf(engines.Redis.Resource, cancellationToken).ConfigureAwait(false),
                    await ValueOf(engines.RabbitMq.Resource, cancellationToken).ConfigureAwait(false),
                    new Uri(await engines.RabbitMqManagementUrl.GetValueAsync(cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException("The RabbitMQ management endpoint has no URL.")));
                EngineRuntimeFile.Write(state.Root, new EngineRuntime(connections, prs, Environment.ProcessId, router, standbySlots));
            });
        }

        builder.Services.AddHostedService(_ => new RuntimeFileCleanup(state.Root));
        return engines;
    }

    private static async Task<string> ValueOf(IResourceWithConnectionString resource, CancellationToken cancellationToken) =>
        await resource.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"'{resource.Name}' has no connection string.");

    private sealed class RuntimeFileCleanup(string stateRoot) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            EngineRuntimeFile.Delete(stateRoot);
            return Task.CompletedTask;
        }
    }
}

using Microsoft.Extensions.Options;
using PreviewAspire.Naming;

namespace PreviewAspire.Router;

/// <summary>
/// Cluster mode: destinations by naming convention, so no registry is kept. A surface is served by Service
/// <c>frontend</c> or <c>api</c> (port <see cref="RouterOptions.ClusterServicePort"/>):
/// <list type="bullet">
/// <item>for <c>pr&lt;id&gt;[-api].&lt;domain&gt;</c>, the PR's own Service in <c>preview-pr&lt;id&gt;</c> when it resolves (the PR
/// forks that entry; unreachable there means asleep: the wake-up page); else, while the PR exists — its Service
/// <see cref="PreviewNames.PresenceService"/> or its other entry Service resolves in <c>preview-pr&lt;id&gt;</c> — the
/// baseline's Service in <c>preview-main</c>. Either way with the PR's routing context, and counted as the PR's activity;</item>
/// <item>for <c>main[-api].&lt;domain&gt;</c>, the baseline's Service in <c>preview-main</c>, with no routing context.</item>
/// </list>
/// Answers are cached for 5 s per (PR, surface), for at most <see cref="CacheCapacity"/> of them: any PR number in a Host
/// header asks, so what is cached is bounded, not what clients ask for.
/// </summary>
public sealed class ClusterDestinations(IOptions<RouterOptions> options, TimeProvider time, PreviewActivity activity, IServiceResolver resolver) : IPreviewDestinations
{
    /// <summary>The most answers kept at once: both entry surfaces of 10,000 previews.</summary>
    public const int CacheCapacity = 20_000;

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ExpiringCache<(int, PreviewSurface), PreviewDestination?> _known = new(time, CacheFor, CacheCapacity);

    /// <inheritdoc />
    public bool IsReady => true;

    /// <inheritdoc />
    public async ValueTask<PreviewDestination?> FindAsync(PullRequestId pullRequest, PreviewSurface surface, CancellationToken cancellationToken)
    {
        if (!_known.TryGet((pullRequest.Value, surface), out var destination))
        {
            destination = pullRequest.Value == 0
                ? await FindBaselineAsync(surface, cancellationToken).ConfigureAwait(false)
                : await FindPreviewAsync(pullRequest, surface, cancellationToken).ConfigureAwait(false);
            _known.Set((pullRequest.Value, surface), destination);
        }

        return destination;
    }

    /// <summary>How many answers are cached now (at most <see cref="CacheCapacity"/>).</summary>
    public int CachedAnswers => _known.Count;

    private async ValueTask<PreviewDestination?> FindBaselineAsync(PreviewSurface surface, CancellationToken cancellationToken)
    {
        var host = ServiceHost(surface, PreviewNames.Baseline);
        return await resolver.ResolvesAsync(host, cancellationToken).ConfigureAwait(false)
            ? new PreviewDestination(Url(host), activity: null)
            : null;
    }

    private async ValueTask<PreviewDestination?> FindPreviewAsync(PullRequestId pullRequest, PreviewSurface surface, CancellationToken cancellationToken)
    {
        var names = pullRequest.Names;
        var fork = ServiceHost(surface, names);
        if (await resolver.ResolvesAsync(fork, cancellationToken).ConfigureAwait(false))
        {
            return new PreviewDestination(Url(fork), activity.CellFor(pullRequest), PreviewRoutingContext.Format(pullRequest), wakesWhenUnreachable: true);
        }

        var other = surface == PreviewSurface.Api ? PreviewSurface.Frontend : PreviewSurface.Api;
        var exists = await resolver.ResolvesAsync(Host(PreviewNames.PresenceService, names), cancellationToken).ConfigureAwait(false) ||
                     await resolver.ResolvesAsync(ServiceHost(other, names), cancellationToken).ConfigureAwait(false);
        var baseline = ServiceHost(surface, PreviewNames.Baseline);
        return exists && await resolver.ResolvesAsync(baseline, cancellationToken).ConfigureAwait(false)
            ? new PreviewDestination(Url(baseline), activity.CellFor(pullRequest), PreviewRoutingContext.Format(pullRequest))
            : null;
    }

    private string ServiceHost(PreviewSurface surface, PreviewNames names) => Host(surface == PreviewSurface.Api ? "api" : "frontend", names);

    private string Host(string service, PreviewNames names) => $"{service}.{names.Namespace}.{options.Value.ClusterDomain}";

    private string Url(string host) => $"http://{host}:{options.Value.ClusterServicePort}/";
}

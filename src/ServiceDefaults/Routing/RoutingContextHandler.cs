using System.Diagnostics;
using PreviewAspire.Naming;

namespace PreviewAspire.ServiceDefaults;

/// <summary>
/// Carries the routing context on every outgoing HTTP call and routes calls to other services by it: a call to
/// <c>http://api</c> made for PR 42 goes to PR 42's fork of the API when there is one, else to the baseline's. A fork's
/// own work belongs to its PR even without an incoming request (background calls); the baseline's, to none.
/// </summary>
internal sealed class RoutingContextHandler(PreviewContext preview, ServiceMesh mesh) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if ((RoutingScope.Current ?? preview.PullRequest) is { } pullRequest && request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            if (mesh.TryResolve(pullRequest, uri.Host, out var target))
            {
                request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
            }

            // Tracing propagates Activity baggage by itself (the incoming middleware put the PR there); without an
            // activity, or when it lacks the PR, the header is set here.
            if (Activity.Current?.GetBaggageItem(PreviewRoutingContext.BaggageKey) != pullRequest.ToString())
            {
                request.Headers.Remove(PreviewRoutingContext.BaggageHeader);
                request.Headers.TryAddWithoutValidation(PreviewRoutingContext.BaggageHeader, PreviewRoutingContext.Format(pullRequest));
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}

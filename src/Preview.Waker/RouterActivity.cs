using System.Net.Http.Json;
using k8s;
using PreviewAspire.Lifecycle;
using PreviewAspire.Naming;

namespace PreviewAspire.Waker;

/// <summary>
/// The last request per PR, read from every running router pod's <c>GET /previews/activity</c> on its management port
/// (<c>{"7":"2025-01-31T12:00:00Z"}</c>) and merged (the latest wins). Null when any router cannot be read: without a
/// complete picture nothing is put to sleep.
/// </summary>
internal sealed class RouterActivity(IKubernetes kubernetes, HttpClient http, int managementPort)
{
    /// <summary>The path the router serves its activity at.</summary>
    public const string Path = "/previews/activity";

    public async Task<IReadOnlyDictionary<PullRequestId, DateTimeOffset>?> ReadAsync(CancellationToken cancellationToken)
    {
        var pods = await kubernetes.CoreV1.ListNamespacedPodAsync(PreviewNames.SystemNamespace, labelSelector: "app.kubernetes.io/name=router", cancellationToken: cancellationToken).ConfigureAwait(false);
        var running = pods.Items.Where(p => p.Status?.Phase == "Running" && !string.IsNullOrEmpty(p.Status.PodIP)).ToList();
        if (running.Count == 0)
        {
            return null;
        }

        var merged = new Dictionary<PullRequestId, DateTimeOffset>();
        foreach (var pod in running)
        {
            Dictionary<string, string>? activity;
            try
            {
                activity = await http.GetFromJsonAsync<Dictionary<string, string>>($"http://{pod.Status.PodIP}:{managementPort}{Path}", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"router {pod.Metadata.Name}: {Path} unreadable ({ex.Message}); no preview is put to sleep this round");
                return null;
            }

            foreach (var (key, value) in activity ?? [])
            {
                if (PullRequestId.TryParse(key, out var pr, out _) && LifecycleTime.Parse(value) is { } at && (!merged.TryGetValue(pr, out var seen) || at > seen))
                {
                    merged[pr] = at;
                }
            }
        }

        return merged;
    }
}

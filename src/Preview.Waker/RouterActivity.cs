using System.Net.Http.Headers;
using k8s;
using PreviewAspire.Naming;

namespace PreviewAspire.Waker;

/// <summary>
/// The last request per PR, read from every running router pod's <c>GET /activity</c> on its management port, with the
/// router's control token (<c>Authorization: Bearer</c>), and merged (the latest wins). Null when any router cannot be
/// read: without a complete picture nothing is put to sleep.
/// </summary>
internal sealed class RouterActivity(IKubernetes kubernetes, HttpClient http, int managementPort, string token)
{
    /// <summary>The path the router serves its activity at (src/Router, <c>RouterControlEndpoints</c>).</summary>
    public const string Path = "/activity";

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
            IReadOnlyDictionary<PullRequestId, DateTimeOffset> activity;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{pod.Status.PodIP}:{managementPort}{Path}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                activity = ActivityReportReader.Read(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"router {pod.Metadata.Name}: {Path} unreadable ({ex.Message}); no preview is put to sleep this round");
                return null;
            }

            foreach (var (pr, at) in activity)
            {
                if (!merged.TryGetValue(pr, out var seen) || at > seen)
                {
                    merged[pr] = at;
                }
            }
        }

        return merged;
    }
}

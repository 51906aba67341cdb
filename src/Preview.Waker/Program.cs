using k8s;
using PreviewAspire.Lifecycle;
using PreviewAspire.Waker;

// The waker: every few seconds, the last request per preview from the router, then SleepPlanner's changes applied:
// idle previews scaled to zero (their data kept), previews requested while asleep scaled back up. Runs in preview-system
// with its own ServiceAccount (namespaces, deployments and their scale, router pods); see docs/kubernetes.md.
var period = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("Waker__PeriodSeconds"), out var seconds) && seconds > 0 ? seconds : 5);
var managementPort = int.TryParse(Environment.GetEnvironmentVariable("Waker__RouterManagementPort"), out var port) ? port : 8000;
// The router's control token (Secret preview-router-control): the router serves GET /activity only with it.
var token = Environment.GetEnvironmentVariable("Waker__RouterToken");
if (string.IsNullOrWhiteSpace(token))
{
    Console.Error.WriteLine("waker: Waker__RouterToken is not set (Secret preview-router-control); the router's activity cannot be read and no preview is put to sleep");
    return 1;
}

var configuration = KubernetesClientConfiguration.IsInCluster()
    ? KubernetesClientConfiguration.InClusterConfig()
    : KubernetesClientConfiguration.BuildConfigFromConfigFile();
using var kubernetes = new Kubernetes(configuration);
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

var activity = new RouterActivity(kubernetes, http, managementPort, token.Trim());
var scaler = new PreviewScaler(kubernetes);
using var timer = new PeriodicTimer(period);
Console.WriteLine($"waker: every {period.TotalSeconds:0} s");
try
{
    do
    {
        try
        {
            if (await activity.ReadAsync(stop.Token) is { } lastRequests)
            {
                foreach (var change in SleepPlanner.Plan(await scaler.PreviewsAsync(stop.Token), lastRequests, DateTimeOffset.UtcNow))
                {
                    await scaler.ApplyAsync(change, stop.Token);
                    Console.WriteLine($"waker: PR {change.PullRequest} {change.Action.ToString().ToLowerInvariant()} (replicas {change.Replicas})");
                }
            }
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            Console.Error.WriteLine($"waker: {ex.Message}; retrying");
        }
    }
    while (await timer.WaitForNextTickAsync(stop.Token));
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Stopped (SIGTERM or Ctrl+C).
}

return 0;

using System.Net.Http.Json;
using System.Text.Json;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// One real stack for the whole suite: the AppHost in process mode with PRs 7 and 8 on shared Postgres, Redis and
/// RabbitMQ processes, in a fresh state directory, behind the router on a free port.
/// </summary>
public sealed class PreviewStackFixture : IAsyncLifetime
{
    public static readonly PullRequestId Seven = PullRequestId.From(7);
    public static readonly PullRequestId Eight = PullRequestId.From(8);
    public const string Domain = "preview.localhost";

    public DistributedApplication App { get; private set; } = null!;
    public string StateDirectory { get; } = TraversableTempDirectory();
    public int RouterPort { get; } = LoopbackPort.Free();
    public HttpClient Router { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--pr", "7", "--pr", "8", "--router-port", RouterPort.ToString(), "--state-dir", StateDirectory, "--infrastructure", "process", "--slots", "1"],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);

        foreach (var pr in new[] { Seven, Eight })
        {
            foreach (var service in new[] { "api", "worker", "frontend" })
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(pr.Names.Service(service), timeout.Token);
            }
        }

        foreach (var service in new[] { "api", "worker", "frontend" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(PreviewNames.Baseline.Service(service), timeout.Token);
        }

        // Healthy, then routed: the baseline reads "Serving main" once the router has its routes.
        await App.ResourceNotifications.WaitForResourceAsync(PreviewNames.Baseline.Group, e => e.Snapshot.State?.Text == "Serving main", timeout.Token);

        await App.ResourceNotifications.WaitForResourceHealthyAsync("router", timeout.Token);
        Router = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{RouterPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A fresh state directory the unprivileged postgres user can enter (temp directories are owner-only).</summary>
    private static string TraversableTempDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("preview-it-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        return directory;
    }

    /// <summary>Sends a request through the router as if to <paramref name="host"/>.</summary>
    public Task<HttpResponseMessage> SendAsync(string host, HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Host = host;
        return Router.SendAsync(request);
    }

    public static string ApiHost(PullRequestId pr) => pr.Names.Host(PreviewSurface.Api, Domain);

    public static string FrontendHost(PullRequestId pr) => pr.Names.Host(PreviewSurface.Frontend, Domain);

    public async Task<List<JsonElement>> GetOrdersAsync(PullRequestId pr)
    {
        using var response = await SendAsync(ApiHost(pr), HttpMethod.Get, "/orders");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;
    }

    public async Task<long> GetProcessedAsync(PullRequestId pr)
    {
        using var response = await SendAsync(ApiHost(pr), HttpMethod.Get, "/stats");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("processed").GetInt64();
    }

    public async Task<JsonElement> PlaceOrderAsync(PullRequestId pr, string customer, string item = "Widget", int quantity = 1)
    {
        using var response = await SendAsync(ApiHost(pr), HttpMethod.Post, "/orders", JsonContent.Create(new { customer, item, quantity }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Administrator access to the running engines, as the provisioner gets it.</summary>
    public async Task<EngineConnections> EnginesAsync() => new(
        (await App.GetConnectionStringAsync("postgres"))!,
        (await App.GetConnectionStringAsync("redis"))!,
        (await App.GetConnectionStringAsync("rabbitmq"))!,
        App.GetEndpoint("rabbitmq", "management"));

    /// <summary>The credentials the AppHost generated for a PR, read from the state directory like an operator would.</summary>
    public PreviewCredentials CredentialsOf(PullRequestId pr)
    {
        var secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(PreviewSecretStore.DirectoryIn(StateDirectory), pr.Names.Slug + ".json")))!;
        return new PreviewCredentials(secrets["postgres"], secrets["redis"], secrets["rabbitmq"]);
    }

    public async Task DisposeAsync()
    {
        Router?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PreviewStackCollection : ICollectionFixture<PreviewStackFixture>
{
    public const string Name = "preview stack";
}

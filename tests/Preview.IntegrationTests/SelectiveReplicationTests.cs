using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PreviewAspire.Naming;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// Selective replication on the shared stack, whose host runs the baseline: a PR forks only some services, the router
/// marks its requests with the PR's routing context, and the services carry it on to the PR's forks or the baseline.
/// </summary>
[Collection(PreviewStackCollection.Name)]
public sealed class SelectiveReplicationTests(PreviewStackFixture stack)
{
    private static readonly PullRequestId FortyTwo = PullRequestId.From(42);
    private static readonly PullRequestId FortyThree = PullRequestId.From(43);
    private static readonly string MainHost = PreviewNames.Baseline.Host(PreviewSurface.Frontend, PreviewStackFixture.Domain);
    private static readonly string MainApiHost = PreviewNames.Baseline.Host(PreviewSurface.Api, PreviewStackFixture.Domain);

    [Fact]
    public async Task A_pr_that_forks_the_api_stores_and_processes_orders_from_the_baseline_frontend_in_its_own_data()
    {
        using var baselineWatch = new BaselineWatch(stack);
        var ready = await stack.ServeDetachedAsync(FortyTwo, fork: ["api"]);
        try
        {
            // The worker shares the API's data, so it is forked with it; the frontend is the baseline's.
            Assert.Equal(["api", "worker"], ready.Forks);
            Assert.Contains(ready.ForkReasons!, r => r.Contains("share", StringComparison.Ordinal));

            var page = await PageAsync(PreviewStackFixture.FrontendHost(FortyTwo));
            Assert.Contains("Preview of PR 42", page);
            Assert.Contains("Forked for this PR: api, worker", page);
            Assert.Contains("served by the baseline frontend", page);

            var customer = $"pr42-form-{Guid.NewGuid():N}"[..20];
            Assert.Matches("Order [0-9]+ created", await OrderForm.PlaceAsync(stack, PreviewStackFixture.FrontendHost(FortyTwo), customer));

            // Stored in PR 42's database (through its API fork), processed by its worker, listed on its page.
            var order = await Eventually.WaitAsync(
                async () => (await stack.GetOrdersAsync(FortyTwo)).FirstOrDefault(o => o.GetProperty("customer").GetString() == customer),
                o => o.ValueKind != JsonValueKind.Undefined && o.GetProperty("status").GetString() == "processed",
                TimeSpan.FromSeconds(60), "the order processed in PR 42");
            Assert.Equal("processed", order.GetProperty("status").GetString());
            Assert.Contains(customer, await PageAsync(PreviewStackFixture.FrontendHost(FortyTwo)));

            // Neither on main nor in the baseline's database.
            Assert.DoesNotContain(customer, await PageAsync(MainHost));
            Assert.DoesNotContain(await OrdersAtAsync(MainApiHost), o => o.GetProperty("customer").GetString() == customer);
            Assert.Equal(0L, await CountInDatabaseAsync(PreviewNames.Baseline.Database, customer));
            Assert.Equal(1L, await CountInDatabaseAsync(FortyTwo.Names.Database, customer));

            // Routing context from outside is never trusted: main with a forged baggage for PR 42 is the baseline alone.
            var forged = await PageAsync(MainHost, forgedBaggage: "preview.pr=42");
            Assert.Contains("Preview of main (baseline)", forged);
            Assert.DoesNotContain(customer, forged);
        }
        finally
        {
            await stack.ReleaseAsync(FortyTwo);
        }

        // The baseline kept serving while the fork came and went.
        Assert.Equal(0, baselineWatch.Stop());
        Assert.Equal(HttpStatusCode.OK, (await stack.SendAsync(MainHost, HttpMethod.Get, "/")).StatusCode);
    }

    [Fact]
    public async Task A_pr_that_forks_only_the_frontend_shows_its_banner_over_the_baselines_data_and_creates_no_data()
    {
        var customer = $"main-{Guid.NewGuid():N}"[..20];
        using (var created = await stack.SendAsync(MainApiHost, HttpMethod.Post, "/orders", JsonContent.Create(new { customer, item = "Widget", quantity = 1 })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var ready = await stack.ServeDetachedAsync(FortyThree, fork: ["frontend"]);
        try
        {
            Assert.Equal(["frontend"], ready.Forks);
            var page = await PageAsync(PreviewStackFixture.FrontendHost(FortyThree));
            Assert.Contains("Preview of PR 43", page);
            Assert.Contains("Forked for this PR: frontend", page);
            Assert.Contains("frontend fork", page); // "served by the PR's frontend fork", HTML-encoded
            Assert.Contains(customer, page);

            // No data surface was made for it, and only its frontend runs.
            Assert.False(await StackProbes.DataSurfacesExistAsync(await stack.EnginesAsync(), FortyThree));

            var processes = AppHostProcess.ProcessesWithEnvironment("Preview__PullRequest=43");
            Assert.Single(processes);

            // Its API host is the baseline's API, in PR 43's context.
            Assert.Contains(await OrdersAtAsync(PreviewStackFixture.ApiHost(FortyThree)), o => o.GetProperty("customer").GetString() == customer);
        }
        finally
        {
            await stack.ReleaseAsync(FortyThree);
        }
    }

    private async Task<string> PageAsync(string host, string? forgedBaggage = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;
        if (forgedBaggage is not null)
        {
            request.Headers.Add(PreviewRoutingContext.BaggageHeader, forgedBaggage);
        }

        using var response = await stack.Router.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<List<JsonElement>> OrdersAtAsync(string apiHost)
    {
        using var response = await stack.SendAsync(apiHost, HttpMethod.Get, "/orders");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;
    }

    private async Task<long> CountInDatabaseAsync(string database, string customer)
    {
        var engines = await stack.EnginesAsync();
        return await ScalarAsync(engines.Postgres, database, "SELECT count(*) FROM orders WHERE customer = @customer", customer);
    }

    private static async Task<long> ScalarAsync(string adminConnectionString, string database, string sql, string? customer = null)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (customer is not null)
        {
            command.Parameters.AddWithValue("customer", customer);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Requests main's page over and over until stopped, counting answers that are not 200.</summary>
    private sealed class BaselineWatch : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<int> _failures;

        public BaselineWatch(PreviewStackFixture stack) => _failures = Task.Run(async () =>
        {
            var failures = 0;
            while (!_stop.IsCancellationRequested)
            {
                using var response = await stack.SendAsync(MainApiHost, HttpMethod.Get, "/orders");
                failures += response.StatusCode == HttpStatusCode.OK ? 0 : 1;
                await Task.Delay(100);
            }

            return failures;
        });

        public int Stop()
        {
            _stop.Cancel();
            return _failures.GetAwaiter().GetResult();
        }

        public void Dispose() => _stop.Cancel();
    }
}

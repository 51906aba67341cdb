using System.Diagnostics;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PreviewAspire.Naming;
using PreviewAspire.Provisioning;
using StackExchange.Redis;
using static PreviewAspire.IntegrationTests.PreviewStackFixture;

namespace PreviewAspire.IntegrationTests;

/// <summary>
/// Faults are survived: each engine, the router and a service of PR 7 killed with SIGKILL while PRs 7 and 8 are served
/// comes back as a new process within 5 s, the dashboard counts the restart, and both PRs serve again. A restarted
/// Redis still has the PRs' ACL users: they are kept in its ACL file.
/// </summary>
[Collection(PreviewStackCollection.Name)]
public sealed class RestartTests(PreviewStackFixture stack)
{
    private static readonly TimeSpan RestartBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("postgres", "postgres")]
    [InlineData("redis", "redis-server")]
    [InlineData("rabbitmq", "beam.smp")]
    [InlineData("router", "Router")]
    [InlineData("pr7-api", "Api")]
    public async Task A_killed_process_is_restarted_and_both_PRs_serve_again(string resource, string process)
    {
        var (victim, restartedIn, clock) = await KillAndAwaitRestartAsync(resource, process);
        foreach (var pr in new[] { Seven, Eight })
        {
            await Eventually.WaitAsync(() => ServesAsync(pr), served => served, RecoveryBound, $"PR {pr} to serve /orders and /stats after '{resource}' was killed");
        }

        // The whole pipeline works again: the worker's broker, database and Redis connections recovered. The order is
        // marked processed in Postgres before the worker counts it in Redis, so the count is checked on its own, read
        // as PR 7's own Redis user.
        var order = (await stack.PlaceOrderAsync(Seven, $"After {resource} restart")).GetProperty("id").GetInt64();
        await Eventually.WaitAsync(() => stack.GetOrderStatusAsync(Seven, order), s => s == "processed", RecoveryBound, $"order {order} to be processed after '{resource}' was killed");
        await Eventually.WaitAsync(() => stack.IsCountedAsProcessedAsync(Seven, order), counted => counted, RecoveryBound, $"order {order} to be counted in PR 7's Redis after '{resource}' was killed");
        Console.WriteLine($"'{resource}' ({process}, pid {victim}) was running again {restartedIn.TotalSeconds:0.0} s after SIGKILL; everything recovered in {clock.Elapsed.TotalSeconds:0.0} s.");
        Assert.Equal(HealthStatus.Healthy, State(resource).HealthStatus);
    }

    [Fact]
    public async Task Redis_users_survive_a_restart_of_redis_and_a_torn_down_one_stays_gone()
    {
        var (kept, removed) = (PullRequestId.From(906), PullRequestId.From(907));
        var engines = await stack.EnginesAsync();
        var users = new RedisPreviewUsers(engines.Redis);
        var password = PreviewSecretStore.Generate();
        await users.ProvisionAsync(kept, password, CancellationToken.None);
        await users.ProvisionAsync(removed, PreviewSecretStore.Generate(), CancellationToken.None);
        await users.TeardownAsync(removed, CancellationToken.None);
        try
        {
            await KillAndAwaitRestartAsync("redis", "redis-server");

            // The provisioned user logs in with its password and works under its prefix, as its services would.
            await using (var own = await stack.RedisAsAsync(kept, password))
            {
                var key = kept.Names.RedisKeyPrefix + "survived";
                Assert.True(await own.GetDatabase().StringSetAsync(key, "1", TimeSpan.FromMinutes(1)));
                Assert.Equal("1", await own.GetDatabase().StringGetAsync(key));
            }

            await using (var admin = await ConnectionMultiplexer.ConnectAsync(engines.Redis))
            {
                var names = ((string[])(await admin.GetDatabase().ExecuteAsync("ACL", "USERS"))!).ToHashSet();
                Assert.Superset(new HashSet<string> { kept.Names.RedisUser, Seven.Names.RedisUser, Eight.Names.RedisUser }, names);
                Assert.DoesNotContain(removed.Names.RedisUser, names);
            }

            // The administrator's password still guards the default user: the ACL file defines it.
            Assert.StartsWith("-NOAUTH", await UnauthenticatedPingAsync(engines.Redis));

            // Where the users are kept is owner-only, also after the server rewrote the file on ACL SAVE.
            var directory = Path.Combine(stack.StateDirectory, "redis");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "users.acl")));

            foreach (var pr in new[] { Seven, Eight })
            {
                await Eventually.WaitAsync(() => ServesAsync(pr), served => served, RecoveryBound, $"PR {pr} to serve /orders and /stats after Redis was killed");
            }
        }
        finally
        {
            await users.TeardownAsync(kept, CancellationToken.None);
        }
    }

    /// <summary>
    /// Kills the process named <paramref name="process"/> in <paramref name="resource"/>'s tree with SIGKILL and waits
    /// until the host has started it again as a new process, healthy, with the restart counted in the dashboard.
    /// </summary>
    private async Task<(int Victim, TimeSpan RestartedIn, Stopwatch Clock)> KillAndAwaitRestartAsync(string resource, string process)
    {
        var restartsBefore = Restarts(resource);
        var root = EngineProcesses.PidOf(stack.App, resource);
        // The process named so, in the resource's tree (the broker's Erlang VM runs under the rabbitmq-server script).
        var victim = EngineProcesses.TreeOf(root).First(pid => CommandOf(pid).Contains(process, StringComparison.Ordinal));

        var clock = Stopwatch.StartNew();
        EngineProcesses.Kill(victim);
        if (resource == "postgres")
        {
            // This test process's idle pooled connections are to backends of the killed server: later tests must not get them.
            Npgsql.NpgsqlConnection.ClearAllPools();
        }

        await Eventually.WaitAsync(
            () => Task.FromResult(State(resource)),
            s => s.State?.Text == KnownResourceStates.Running && PidIn(s) is { } pid && pid != root && Directory.Exists($"/proc/{pid}"),
            RestartBound,
            $"'{resource}' to run as a new process");
        var restartedIn = clock.Elapsed;

        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync(resource).WaitAsync(RecoveryBound);
        Assert.True(Restarts(resource) > restartsBefore, $"'{resource}' shows no restart in its dashboard properties.");
        return (victim, restartedIn, clock);
    }

    /// <summary>What the server answers a PING sent without authenticating.</summary>
    private static async Task<string> UnauthenticatedPingAsync(string connectionString)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(ConfigurationOptions.Parse(connectionString).EndPoints[0]);
        await socket.SendAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
    }

    private CustomResourceSnapshot State(string resource)
    {
        Assert.True(stack.App.ResourceNotifications.TryGetCurrentState(resource, out var state), $"No state for '{resource}'.");
        return state!.Snapshot;
    }

    private int Restarts(string resource) =>
        State(resource).Properties.FirstOrDefault(p => p.Name == "preview.restarts")?.Value is int count ? count : 0;

    private static int? PidIn(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid ? Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static string CommandOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private async Task<bool> ServesAsync(PullRequestId pr)
    {
        try
        {
            await stack.GetOrdersAsync(pr);
            await stack.GetProcessedAsync(pr);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
